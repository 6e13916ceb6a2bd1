#include "core/data/idx_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

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
// requested; returns the sizes and leaves the data in `data`.
std::vector<std::uint32_t> readIdx(const std::string& path, int dims, int maxCount,
                                   std::vector<std::uint8_t>& data) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw IoError("cannot open IDX file '" + path + "': " + std::strerror(errno));
  file.seekg(0, std::ios::end);
  const std::streamoff fileSize = file.tellg();
  file.seekg(0, std::ios::beg);
  if (fileSize < 4)
    throw IoError("IDX file '" + path + "' is truncated: " + std::to_string(fileSize) +
                  " bytes, shorter than its header");
  unsigned char magic[4];
  file.read(reinterpret_cast<char*>(magic), 4);
  if (magic[0] != 0 || magic[1] != 0)
    throw IoError("'" + path + "' is not an IDX file (wrong magic number)");
  if (magic[2] != kUnsignedByte) {
    std::ostringstream type;
    type << std::hex << int(magic[2]);
    throw IoError("IDX file '" + path + "' holds data type 0x" + type.str() +
                  ", geodex reads unsigned bytes (0x08) only");
  }
  if (magic[3] != dims)
    throw IoError("IDX file '" + path + "' has " + std::to_string(int(magic[3])) +
                  " dimensions, expected " + std::to_string(dims) +
                  (dims == 3 ? " (images: count, rows, cols)" : " (labels: count)"));
  const std::streamoff headerSize = 4 + 4 * std::streamoff(dims);
  if (fileSize < headerSize)
    throw IoError("IDX file '" + path + "' is truncated: " + std::to_string(fileSize) +
                  " bytes, shorter than its header");
  std::vector<unsigned char> header(static_cast<std::size_t>(headerSize));
  file.read(reinterpret_cast<char*>(header.data() + 4), headerSize - 4);
  std::vector<std::uint32_t> sizes(static_cast<std::size_t>(dims));
  std::uint64_t itemSize = 1;
  for (int i = 0; i < dims; ++i) {
    sizes[i] = bigEndian(header.data() + 4 + 4 * i);
    if (i > 0) {
      if (sizes[i] == 0 || sizes[i] > 65536)
        throw IoError("IDX file '" + path + "' declares an image size of " +
                      std::to_string(sizes[i]));
      itemSize *= sizes[i];
    }
  }
  const std::uint64_t expected = std::uint64_t(headerSize) + std::uint64_t(sizes[0]) * itemSize;
  if (std::uint64_t(fileSize) < expected)
    throw IoError("IDX file '" + path + "' is truncated: its header declares " +
                  std::to_string(sizes[0]) + " items (" + std::to_string(expected) +
                  " bytes), the file has " + std::to_string(fileSize) + " bytes");
  if (std::uint64_t(fileSize) > expected)
    throw IoError("IDX file '" + path + "' has " +
                  std::to_string(std::uint64_t(fileSize) - expected) + " bytes after the " +
                  std::to_string(sizes[0]) + " items its header declares");
  if (maxCount > 0 && std::uint32_t(maxCount) < sizes[0]) sizes[0] = std::uint32_t(maxCount);
  data.resize(static_cast<std::size_t>(sizes[0] * itemSize));
  file.read(reinterpret_cast<char*>(data.data()), std::streamsize(data.size()));
  if (!file) throw IoError("cannot read IDX file '" + path + "': read failed");
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

void writeIdxImages(const std::string& path, const IdxImages& images) {
  if (images.count < 0 || images.rows <= 0 || images.cols <= 0 ||
      images.pixels.size() != std::size_t(images.count) * images.rows * images.cols)
    throw InvalidArgumentError("writeIdxImages: pixel count does not match count × rows × cols");
  std::string out =
      header({std::uint32_t(images.count), std::uint32_t(images.rows), std::uint32_t(images.cols)});
  out.append(reinterpret_cast<const char*>(images.pixels.data()), images.pixels.size());
  writeFileAtomically(path, out);
}

void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels) {
  std::string out = header({std::uint32_t(labels.size())});
  out.append(reinterpret_cast<const char*>(labels.data()), labels.size());
  writeFileAtomically(path, out);
}

}  // namespace geodex
