#include "core/data/npy_file.h"

#include <cmath>
#include <cstring>
#include <regex>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/float16.h"
#include "core/util/input_file.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMaxHeaderBytes = 1 << 16;

}  // namespace

std::int64_t NpyArray::elementCount() const {
  std::int64_t n = 1;
  for (std::int64_t s : shape) n *= s;
  return n;
}

NpyArray parseNpy(const std::string& bytes, const std::string& label, std::int64_t maxElements) {
  if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0)
    throw IoError(label + " is not a .npy file (no \\x93NUMPY magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t headerBytes = 0, headerStart = 0;
  if (major == 1) {
    headerBytes = std::size_t(static_cast<unsigned char>(bytes[8])) |
                  std::size_t(static_cast<unsigned char>(bytes[9])) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw IoError(label + " is truncated in its header");
    for (int i = 3; i >= 0; --i)
      headerBytes = (headerBytes << 8) | static_cast<unsigned char>(bytes[8 + i]);
    headerStart = 12;
  } else {
    throw IoError(label + " has .npy format version " + std::to_string(major) +
                  " (geodex reads 1 to 3)");
  }
  if (headerBytes > kMaxHeaderBytes || headerStart + headerBytes > bytes.size())
    throw IoError(label + " is truncated or damaged: its header claims " +
                  std::to_string(headerBytes) + " bytes");
  const std::string header = bytes.substr(headerStart, headerBytes);
  std::smatch m;
  static const std::regex descr(R"('descr'\s*:\s*'([^']*)')");
  static const std::regex order(R"('fortran_order'\s*:\s*(True|False))");
  static const std::regex shapeText(R"('shape'\s*:\s*\(([^)]*)\))");
  if (!std::regex_search(header, m, descr))
    throw IoError(label + " has no 'descr' in its header");
  const std::string dtype = m[1];
  if (dtype == "|O" || dtype == "O")
    throw IoError(label + " holds Python objects (a pickle), which geodex never reads");
  std::size_t elementBytes = 0;
  if (dtype == "<f4") elementBytes = 4;
  else if (dtype == "<f2") elementBytes = 2;
  else if (dtype == "<f8") elementBytes = 8;
  else
    throw IoError(label + " has the dtype '" + shortText(dtype) +
                  "'; geodex reads little-endian float32, float16 or float64 ('<f4', '<f2', '<f8')");
  if (!std::regex_search(header, m, order)) throw IoError(label + " has no 'fortran_order'");
  if (m[1] == "True")
    throw IoError(label + " is in Fortran order; save it in C order (numpy.ascontiguousarray)");
  if (!std::regex_search(header, m, shapeText)) throw IoError(label + " has no 'shape'");
  NpyArray array;
  const std::string dims = m[1];
  std::int64_t elements = 1;
  std::size_t pos = 0;
  while (pos < dims.size()) {
    const std::size_t comma = dims.find(',', pos);
    std::string field = dims.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    field.erase(0, field.find_first_not_of(" \t"));
    field.erase(field.find_last_not_of(" \t") + 1);
    pos = comma == std::string::npos ? dims.size() : comma + 1;
    if (field.empty()) {
      if (comma == std::string::npos) break;  // "(3,)" ends in a comma
      throw IoError(label + " has the shape (" + shortText(dims) + ")");
    }
    if (field.size() > 18 || field.find_first_not_of("0123456789") != std::string::npos)
      throw IoError(label + " has the shape (" + shortText(dims) + ")");
    const std::int64_t n = std::stoll(field);
    array.shape.push_back(n);
    if (n != 0 && elements > maxElements / n)
      throw IoError(label + " holds more than " + std::to_string(maxElements) +
                    " elements (shape (" + shortText(dims) + "))");
    elements *= n;
  }
  if (array.shape.size() > 16) throw IoError(label + " has more than 16 dimensions");
  const std::size_t dataStart = headerStart + headerBytes;
  const std::uint64_t need = std::uint64_t(elements) * elementBytes;
  if (bytes.size() - dataStart != need)
    throw IoError(label + " has " + std::to_string(bytes.size() - dataStart) +
                  " bytes of data, its shape (" + shortText(dims) + ") and dtype need " +
                  std::to_string(need) + (bytes.size() - dataStart < need ? " (truncated)" : ""));
  array.values.resize(std::size_t(elements));
  const char* data = bytes.data() + dataStart;
  for (std::int64_t i = 0; i < elements; ++i) {
    if (elementBytes == 4) {
      std::memcpy(&array.values[i], data + 4 * i, 4);
    } else if (elementBytes == 2) {
      std::uint16_t h;
      std::memcpy(&h, data + 2 * i, 2);
      array.values[i] = halfToFloat(h);
    } else {
      double d;
      std::memcpy(&d, data + 8 * i, 8);
      array.values[i] = static_cast<float>(d);
    }
  }
  return array;
}

NpyArray readNpy(const std::string& path, std::int64_t maxElements) {
  const std::string label = "npy file '" + path + "'";
  // Read whole, bounded: the header's shape is checked against the bytes actually there.
  const std::uint64_t limit = 128 + std::uint64_t(maxElements) * 8 + kMaxHeaderBytes;
  return parseNpy(readInputFile(path, "npy file", limit), label, maxElements);
}

std::string encodeNpy(const std::vector<std::int64_t>& shape, const std::vector<float>& values) {
  std::int64_t elements = 1;
  std::string dims;
  for (std::int64_t n : shape) {
    if (n < 0) throw InvalidArgumentError("npy: negative size in the shape");
    elements *= n;
    dims += std::to_string(n) + ",";
  }
  if (shape.size() > 1) dims.pop_back();  // "(3,)" for one dimension, "(2,3)" otherwise
  if (std::size_t(elements) != values.size())
    throw InvalidArgumentError("npy: the shape needs " + std::to_string(elements) +
                               " values, got " + std::to_string(values.size()));
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n', padded to a multiple of 64.
  const std::size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  return out;
}

void writeNpy(const std::string& path, const std::vector<std::int64_t>& shape,
              const std::vector<float>& values) {
  writeFileAtomically(path, encodeNpy(shape, values));
}

}  // namespace geodex
