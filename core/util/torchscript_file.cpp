#include "core/util/torchscript_file.h"

#include "core/util/torch_device.h"
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

TorchScriptFile::TorchScriptFile(std::string path, DeviceChoice device, std::string what,
                                 const std::string& missingHint)
    : path_(std::move(path)),
      what_(std::move(what)),
      device_(resolveDevice(device)),
      module_(loadTorchScriptFile(path_, device_, what_, missingHint)) {}

c10::IValue TorchScriptFile::forward(std::vector<c10::IValue> inputs,
                                     const std::string& inputsText) const {
  try {
    return module_.forward(std::move(inputs));
  } catch (const std::exception& e) {
    const std::string reason = e.what();  // the first line: LibTorch adds a trace
    throw failure("fails on " + inputsText + ": " + reason.substr(0, reason.find('\n')));
  }
}

ModelError TorchScriptFile::failure(const std::string& problem) const {
  return ModelError(what_ + " '" + path_ + "' " + problem);
}

}  // namespace geodex
