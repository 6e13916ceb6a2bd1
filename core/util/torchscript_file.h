#pragma once
// Loading a user-supplied TorchScript file (LPIPS, Inception, ...) with the checks and messages
// every loader wants. LibTorch header: only for core .cpp files and tests that include torch.
#include <torch/script.h>

#include <string>

namespace geodex {

// The module at `path` on `device`, in eval mode. Throws IoError "<what> '<path>' does not exist
// (<missingHint>)" for a missing file, "... is a directory" / "is not a regular file" for what
// is not a file, "... is corrupt: ..." when a record fails its CRC (zip_archive_check.h) and
// "<what> '<path>' is not a TorchScript file: <reason>" (one line) when LibTorch cannot load it.
torch::jit::Module loadTorchScriptFile(const std::string& path, torch::Device device,
                                       const std::string& what, const std::string& missingHint);

}  // namespace geodex
