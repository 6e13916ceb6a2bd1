#pragma once
// LibTorch model files (torch::save checkpoints and TorchScript modules) are zip archives whose
// every record carries a CRC-32, but LibTorch reads them without checking it: a flipped byte in
// the weights loads silently. geodex checks the archive's structure (every record inside the
// file, sizes within limits) and every record's CRC before LibTorch opens it. Torch-free.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace geodex {

struct ZipArchiveSummary {
  std::uint64_t records = 0;
  std::uint64_t dataBytes = 0;  // uncompressed bytes checked
};

// Reads `bytes` bytes at `offset` of the archive or throws.
using ZipReader = std::function<void(std::uint64_t offset, void* buffer, std::size_t bytes)>;

// Throws IoError "<label> is corrupt: ..." (bad CRC, record outside the file, unsupported
// compression) or "<label> is not a <kind> (not a zip archive)".
ZipArchiveSummary checkZipArchive(const ZipReader& read, std::uint64_t size,
                                  const std::string& label,
                                  const std::string& kind = "LibTorch model file");
// The same for a file (InputFile's checks first: no FIFO, no device); `missing` as InputFile's.
ZipArchiveSummary checkZipArchiveFile(const std::string& path, const std::string& what,
                                      const std::string& missing = "does not exist",
                                      const std::string& kind = "LibTorch model file");

}  // namespace geodex
