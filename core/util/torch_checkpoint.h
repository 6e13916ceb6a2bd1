#pragma once
// A checkpoint of a LibTorch module (torch::serialize archive, the format of torch::save) with
// the metadata needed to rebuild it: a kind tag, numbers and texts. Written completely or not at
// all. Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include <map>
#include <string>

namespace geodex {

class TorchCheckpoint {
 public:
  using Numbers = std::map<std::string, double>;
  using Texts = std::map<std::string, std::string>;

  // Throws IoError naming the path when the file cannot be written.
  static void save(const std::string& path, const std::string& kind, const Numbers& numbers,
                   const Texts& texts, const torch::nn::Module& module);

  // Reads the archive onto `device`. Throws IoError when the file is missing or not a LibTorch
  // archive, ModelError when it holds another kind of model than `expectedKind`.
  TorchCheckpoint(const std::string& path, const std::string& expectedKind, torch::Device device);

  // Throw ModelError naming the key when it is absent.
  double number(const std::string& key) const;
  std::string text(const std::string& key) const;
  // Loads the parameters into a module built from the metadata; ModelError when they do not fit.
  void loadInto(torch::nn::Module& module) const;

 private:
  std::string path_;
  mutable torch::serialize::InputArchive archive_;
};

}  // namespace geodex
