#pragma once
// A checkpoint of a LibTorch module (torch::serialize archive, the format of torch::save) with
// the metadata needed to rebuild it: a kind tag, numbers and texts. Written completely or not at
// all. Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include <map>
#include <string>

#include "core/util/checkpoint_header.h"

namespace geodex {

class TorchCheckpoint {
 public:
  using Numbers = CheckpointHeader::Numbers;
  using Texts = CheckpointHeader::Texts;

  // Refuses modules over this many bytes of parameters and buffers before serialising them.
  static constexpr std::int64_t kMaxWeightBytes = 1ll << 31;

  // Throws IoError naming the path when the file cannot be written, InvalidArgumentError when the
  // module is larger than kMaxWeightBytes.
  static void save(const std::string& path, const std::string& kind, const Numbers& numbers,
                   const Texts& texts, const torch::nn::Module& module);
  // The bytes save() writes, for a caller that writes them with other files as one set; `path`
  // names the file in messages.
  static std::string encode(const std::string& path, const std::string& kind,
                            const Numbers& numbers, const Texts& texts,
                            const torch::nn::Module& module);

  // Checks the file (regular, a zip archive whose every record passes its CRC: a flipped byte is
  // refused) and reads it onto `device`. Throws IoError when the file is missing, not a regular
  // file, damaged or not a LibTorch archive, ModelError when it holds another kind of model than
  // `expectedKind`.
  TorchCheckpoint(const std::string& path, const std::string& expectedKind, torch::Device device);

  const CheckpointHeader& header() const { return header_; }
  // Throw ModelError naming the key when it is absent.
  double number(const std::string& key) const { return header_.number(key); }
  std::string text(const std::string& key) const { return header_.text(key); }
  // Loads the parameters into a module built from the metadata. ModelError naming the first
  // tensor whose stored shape differs from the module's ("the header describes another
  // network"), or that is missing.
  void loadInto(torch::nn::Module& module) const;

 private:
  std::string path_;
  mutable torch::serialize::InputArchive archive_;
  CheckpointHeader header_{{}, {}, {}, {}};
};

}  // namespace geodex
