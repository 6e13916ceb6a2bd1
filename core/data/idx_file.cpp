#include "core/data/idx_file.h"

#include <algorithm>
#include <initializer_list>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;

std::uint32_t bigEndian(const unsigned char* bytes) {
  return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) |
         (std::uint32_t(bytes[2]) << 8) | std::uint32_t(bytes[3]);
}

void appendBigEndian(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((value >> shift) & 0xff));
}

// Reads the header of an unsigned-byte IDX file with `dims` dimensions and as many items as
// requested; returns the sizes and leaves the data in `data`. Every size is checked against the
// file's real length and the stated limits before the data is allocated.
std::vector<std::uint32_t> readIdx(const std::string& path, int dims, int maxCount,
                                   std::vector<std::uint8_t>& data) {
  InputFile file(path, "IDX file");
  const std::string name = "IDX file '" + path + "'";
  const std::uint64_t fileSize = file.size();
  const std::uint64_t headerSize = 4 + 4 * std::uint64_t(dims);
  if (fileSize < 4)
    throw IoError(name + " is truncated: " + std::to_string(fileSize) +
                  " bytes, shorter than its header");
  unsigned char magic[4];
  file.read(magic, 4);
  if (magic[0] != 0 || magic[1] != 0)
    throw IoError("'" + path + "' is not an IDX file (wrong magic number)");
  if (magic[2] != kUnsignedByte) {
    std::ostringstream type;
    type << std::hex << int(magic[2]);
    throw IoError(name + " holds data type 0x" + type.str() +
                  ", geodex reads unsigned bytes (0x08) only");
  }
  if (magic[3] != dims)
    throw IoError(name + " has " + std::to_string(int(magic[3])) + " dimensions, expected " +
                  std::to_string(dims) +
                  (dims == 3 ? " (images: count, rows, cols)" : " (labels: count)"));
  if (fileSize < headerSize)
    throw IoError(name + " is truncated: " + std::to_string(fileSize) +
                  " bytes, shorter than its header");
  unsigned char header[12];
  file.read(header, std::size_t(headerSize - 4));
  std::vector<std::uint32_t> sizes(static_cast<std::size_t>(dims));
  std::uint64_t itemSize = 1;
  for (int i = 0; i < dims; ++i) {
    sizes[i] = bigEndian(header + 4 * i);
    if (i > 0) {
      if (sizes[i] == 0 || sizes[i] > kIdxMaxSide)
        throw IoError(name + " declares an image side of " + std::to_string(sizes[i]) +
                      " pixels; geodex reads 1 to " + std::to_string(kIdxMaxSide));
      itemSize *= sizes[i];
    }
  }
  if (itemSize > kIdxMaxImagePixels)
    throw IoError(name + " declares images of " + std::to_string(sizes[1]) + "×" +
                  std::to_string(sizes[2]) + " = " + std::to_string(itemSize) +
                  " pixels, more than the " + std::to_string(kIdxMaxImagePixels) +
                  " (4096×4096) geodex reads");
  const std::uint64_t count = sizes[0];
  // 64-bit: count ≤ 2³²−1 and itemSize ≤ 2²⁴ cannot overflow.
  const std::uint64_t expected = headerSize + count * itemSize;
  if (fileSize < expected)
    throw IoError(name + " is truncated: its header declares " + std::to_string(count) +
                  " items (" + std::to_string(expected) + " bytes), the file has " +
                  std::to_string(fileSize) + " bytes");
  if (fileSize > expected)
    throw IoError(name + " has " + std::to_string(fileSize - expected) + " bytes after the " +
                  std::to_string(count) + " items its header declares");
  if (count > kIdxMaxItems)
    throw IoError(name + " declares " + std::to_string(count) + " items, more than the " +
                  std::to_string(kIdxMaxItems) + " geodex reads");
  const std::uint64_t kept =
      maxCount > 0 ? std::min<std::uint64_t>(count, std::uint64_t(maxCount)) : count;
  if (kept * itemSize > kIdxMaxDataBytes)
    throw IoError(name + " holds " + byteCount(kept * itemSize) + " of data, more than the " +
                  byteCount(kIdxMaxDataBytes) + " geodex reads at once (read fewer items)");
  sizes[0] = std::uint32_t(kept);
  data.resize(static_cast<std::size_t>(kept * itemSize));
  file.read(data.data(), data.size());
  return sizes;
}

std::string header(std::initializer_list<std::uint32_t> sizes) {
  std::string out{char(0), char(0), char(kUnsignedByte), char(sizes.size())};
  for (std::uint32_t size : sizes) appendBigEndian(out, size);
  return out;
}

}  // namespace

IdxImages readIdxImages(const std::string& path, int maxCount) {
  IdxImages images;
  const auto sizes = readIdx(path, 3, maxCount, images.pixels);
  images.count = int(sizes[0]);
  images.rows = int(sizes[1]);
  images.cols = int(sizes[2]);
  return images;
}

std::vector<std::uint8_t> readIdxLabels(const std::string& path, int maxCount) {
  std::vector<std::uint8_t> labels;
  readIdx(path, 1, maxCount, labels);
  return labels;
}

IdxDataset readIdxDataset(const std::string& imagesPath, const std::string& labelsPath,
                          int maxCount) {
  IdxDataset dataset;
  dataset.images = readIdxImages(imagesPath, maxCount);
  dataset.labels = readIdxLabels(labelsPath, maxCount);
  if (std::size_t(dataset.images.count) != dataset.labels.size())
    throw IoError("IDX pair does not match: '" + imagesPath + "' has " +
                  std::to_string(dataset.images.count) + " images, '" + labelsPath + "' has " +
                  std::to_string(dataset.labels.size()) + " labels");
  return dataset;
}

std::string encodeIdxImages(const IdxImages& images) {
  if (images.count < 0 || images.rows <= 0 || images.cols <= 0 ||
      images.pixels.size() != std::size_t(images.count) * images.rows * images.cols)
    throw InvalidArgumentError("writeIdxImages: pixel count does not match count × rows × cols");
  std::string out =
      header({std::uint32_t(images.count), std::uint32_t(images.rows), std::uint32_t(images.cols)});
  out.append(reinterpret_cast<const char*>(images.pixels.data()), images.pixels.size());
  return out;
}

std::string encodeIdxLabels(const std::vector<std::uint8_t>& labels) {
  std::string out = header({std::uint32_t(labels.size())});
  out.append(reinterpret_cast<const char*>(labels.data()), labels.size());
  return out;
}

void writeIdxImages(const std::string& path, const IdxImages& images) {
  writeFileAtomically(path, encodeIdxImages(images));
}

void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels) {
  writeFileAtomically(path, encodeIdxLabels(labels));
}

}  // namespace geodex
