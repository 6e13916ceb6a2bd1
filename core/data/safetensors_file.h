#pragma once
// A .safetensors file (Hugging Face's weight format: an 8-byte little-endian header length N, N
// bytes of JSON naming every tensor's dtype, shape and [begin, end) byte range in the data that
// follows), opened as a read-only memory map and checked completely before any tensor is used:
// the header length against the file size before anything is allocated, JSON size and nesting
// limits, every dtype known, every shape's element count free of overflow, every range inside the
// data segment and exactly dtype size × element count long, no two ranges overlapping and no
// byte of the data segment left unindexed (the format's own rule). Each failure is one line
// naming the file and the tensor. Nothing is copied: a tensor's bytes are read from the map
// (pages the caller is done with can be handed back with release()). Torch-free.
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace geodex {

enum class SafetensorsDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

// "F32", "BF16", ... as the format spells them; parse returns false for anything else.
std::string toString(SafetensorsDtype dtype);
bool parseSafetensorsDtype(std::string_view text, SafetensorsDtype& dtype);
std::size_t dtypeSize(SafetensorsDtype dtype);

struct SafetensorsTensor {
  std::string name;
  SafetensorsDtype dtype = SafetensorsDtype::F32;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0, end = 0;  // byte range inside the data segment
  std::int64_t elementCount() const;
};

class SafetensorsFile {
 public:
  static constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;  // the format's own limit
  static constexpr int kMaxJsonDepth = 8;     // real headers nest 3 deep
  static constexpr int kMaxRank = 8;
  static constexpr std::size_t kMaxNameBytes = 1024;

  // Throws IoError "safetensors file '<path>' ...: <what is wrong>" for a missing, special,
  // truncated or malformed file (naming the tensor where one is at fault).
  explicit SafetensorsFile(const std::string& path);
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  const std::string& path() const { return path_; }
  std::uint64_t fileSize() const { return fileSize_; }
  // Every tensor, in the header's order.
  const std::vector<SafetensorsTensor>& tensors() const { return tensors_; }
  // nullptr when the file has no tensor of that name.
  const SafetensorsTensor* find(const std::string& name) const;
  // The header's "__metadata__" (string values only, as the format says).
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  // The tensor's bytes inside the map (little-endian, row-major). Not aligned beyond what the
  // file gives: a reader copies or converts them.
  std::span<const std::byte> bytes(const SafetensorsTensor& tensor) const;
  // A floating-point tensor's values as float32 (F64, F32, F16, BF16; IoError for other dtypes
  // and for more than maxElements values). For small tensors that are read, not loaded.
  std::vector<float> floats(const SafetensorsTensor& tensor, std::int64_t maxElements = 1 << 24) const;
  // Hands the whole pages of this tensor's bytes back to the kernel (they are re-read from the
  // file if touched again): loading a 2 GB file into parameters then does not keep 2 GB of it
  // resident as well.
  void release(const SafetensorsTensor& tensor) const;

 private:
  void parseHeader(const std::string& header);
  std::string label() const;

  std::string path_;
  std::uint64_t fileSize_ = 0;
  std::uint64_t dataOffset_ = 0;  // 8 + N
  const std::byte* map_ = nullptr;
  std::vector<SafetensorsTensor> tensors_;
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::string> metadata_;
};

// One tensor to write: its bytes must be dtype size × element count long.
struct SafetensorsEntry {
  std::string name;
  SafetensorsDtype dtype = SafetensorsDtype::F32;
  std::vector<std::int64_t> shape;
  std::string_view bytes;
};

// Writes a .safetensors file, complete or not at all (temporary file, then rename; links written
// through, devices and FIFOs refused). Entries keep their order; the header is padded to a
// multiple of 8 bytes. Throws InvalidArgumentError for a size mismatch or a duplicate name.
void writeSafetensors(const std::string& path, const std::vector<SafetensorsEntry>& entries,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace geodex
