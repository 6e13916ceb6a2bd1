#include "core/util/torchscript_file.h"

#include "core/util/errors.h"
#include "core/util/zip_archive_check.h"

namespace geodex {

torch::jit::Module loadTorchScriptFile(const std::string& path, torch::Device device,
                                       const std::string& what, const std::string& missingHint) {
  // Before LibTorch opens it: no FIFO, device or directory, and every record's CRC.
  checkZipArchiveFile(path, what, "does not exist (" + missingHint + ")", "TorchScript file");
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, device);
  } catch (const std::exception& e) {
    const std::string reason = e.what();  // LibTorch adds a multi-line trace: keep the first line
    throw IoError(
        what + " '" + path + "' is not a TorchScript file: " + reason.substr(0, reason.find('\n')),
        reason);
  }
  module.eval();
  return module;
}

}  // namespace geodex
