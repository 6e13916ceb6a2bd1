#include "core/util/torchscript_file.h"

#include <filesystem>

#include "core/util/errors.h"

namespace geodex {

torch::jit::Module loadTorchScriptFile(const std::string& path, torch::Device device,
                                       const std::string& what, const std::string& missingHint) {
  if (!std::filesystem::is_regular_file(path))
    throw IoError(what + " '" + path + "' does not exist (" + missingHint + ")");
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, device);
  } catch (const std::exception& e) {
    const std::string reason = e.what();  // LibTorch adds a multi-line trace: keep the first line
    throw IoError(what + " '" + path + "' is not a TorchScript file: " +
                  reason.substr(0, reason.find('\n')));
  }
  module.eval();
  return module;
}

}  // namespace geodex
