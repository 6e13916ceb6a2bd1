#pragma once
// Reading and writing IDX files (the format of the MNIST distribution): a big-endian header
// 0x00 0x00 <type> <ndim>, then ndim 32-bit big-endian sizes, then the data row-major. geodex
// reads unsigned-byte (type 0x08) files with 3 dimensions (images: count × rows × cols) or
// 1 dimension (labels: count), so any IDX image/label pair works, not only MNIST's.
#include <cstdint>
#include <string>
#include <vector>

namespace geodex {

// count images of rows × cols bytes, one after the other, each row-major.
struct IdxImages {
  int count = 0;
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> pixels;  // count·rows·cols
  const std::uint8_t* image(int index) const {
    return pixels.data() + std::size_t(index) * rows * cols;
  }
};

// Images and their labels, same count.
struct IdxDataset {
  IdxImages images;
  std::vector<std::uint8_t> labels;
};

// The limits a file's header is checked against (64-bit arithmetic, before anything is allocated).
constexpr std::uint64_t kIdxMaxItems = 2147483647;      // count is an int
constexpr std::uint64_t kIdxMaxSide = 16384;            // rows or cols of one image
constexpr std::uint64_t kIdxMaxImagePixels = 16777216;  // rows × cols (4096²)
constexpr std::uint64_t kIdxMaxDataBytes = 1ull << 30;  // what one read allocates (20× MNIST)

// Throws IoError naming the file and what is wrong (missing, not a regular file, wrong magic,
// truncated, sizes that do not match the file length or exceed the limits above). `maxCount` > 0
// reads only the first maxCount items.
IdxImages readIdxImages(const std::string& path, int maxCount = 0);
std::vector<std::uint8_t> readIdxLabels(const std::string& path, int maxCount = 0);
// Both files; throws IoError when their counts differ.
IdxDataset readIdxDataset(const std::string& imagesPath, const std::string& labelsPath,
                          int maxCount = 0);

// The file's bytes (header and data); InvalidArgumentError when the sizes do not match.
std::string encodeIdxImages(const IdxImages& images);
std::string encodeIdxLabels(const std::vector<std::uint8_t>& labels);
// Written atomically (complete or not at all); throws IoError / InvalidArgumentError.
void writeIdxImages(const std::string& path, const IdxImages& images);
void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels);

}  // namespace geodex
