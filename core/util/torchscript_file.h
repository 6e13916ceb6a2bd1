#pragma once
// Loading a user-supplied TorchScript file (LPIPS, Inception, ...) with the checks and messages
// every loader wants, and running it. LibTorch header: only for core .cpp files and tests that
// include torch.
#include <torch/script.h>

#include <string>
#include <vector>

#include "core/util/device.h"
#include "core/util/errors.h"

namespace geodex {

// The module at `path` on `device`, in eval mode. Throws IoError "<what> '<path>' does not exist
// (<missingHint>)" for a missing file, "... is a directory" / "is not a regular file" for what
// is not a file, "... is corrupt: ..." when a record fails its CRC (zip_archive_check.h) and
// "<what> '<path>' is not a TorchScript file: <reason>" (one line) when LibTorch cannot load it.
torch::jit::Module loadTorchScriptFile(const std::string& path, torch::Device device,
                                       const std::string& what, const std::string& missingHint);

// A user-supplied TorchScript model once loaded: its file, device and module, and messages that
// name it ("<what> '<path>' ...") when it misbehaves.
class TorchScriptFile {
 public:
  // loadTorchScriptFile on the resolved `device`, with its errors.
  TorchScriptFile(std::string path, DeviceChoice device, std::string what,
                  const std::string& missingHint);

  torch::Device device() const { return device_; }
  // forward(inputs); a LibTorch exception becomes failure("fails on <inputsText>: <its first
  // line>").
  c10::IValue forward(std::vector<c10::IValue> inputs, const std::string& inputsText) const;
  // ModelError "<what> '<path>' <problem>".
  ModelError failure(const std::string& problem) const;

 private:
  std::string path_, what_;
  torch::Device device_;
  mutable torch::jit::Module module_;  // forward() is not const; the module is not modified
};

}  // namespace geodex
