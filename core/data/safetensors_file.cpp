#include "core/data/safetensors_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/float16.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

struct DtypeName {
  SafetensorsDtype dtype;
  const char* name;
  std::size_t size;
};
constexpr std::array<DtypeName, 10> kDtypes{{{SafetensorsDtype::F64, "F64", 8},
                                             {SafetensorsDtype::F32, "F32", 4},
                                             {SafetensorsDtype::F16, "F16", 2},
                                             {SafetensorsDtype::BF16, "BF16", 2},
                                             {SafetensorsDtype::I64, "I64", 8},
                                             {SafetensorsDtype::I32, "I32", 4},
                                             {SafetensorsDtype::I16, "I16", 2},
                                             {SafetensorsDtype::I8, "I8", 1},
                                             {SafetensorsDtype::U8, "U8", 1},
                                             {SafetensorsDtype::Bool, "BOOL", 1}}};

std::uint64_t readLittleEndian64(const unsigned char* bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

// A JSON value that must be a non-negative integer below `limit`; false otherwise.
bool asCount(const nlohmann::json& value, std::uint64_t limit, std::uint64_t& out) {
  if (value.is_number_unsigned()) {
    out = value.get<std::uint64_t>();
  } else if (value.is_number_integer()) {
    if (value.get<std::int64_t>() < 0) return false;
    out = std::uint64_t(value.get<std::int64_t>());
  } else {
    return false;
  }
  return out <= limit;
}

}  // namespace

std::string toString(SafetensorsDtype dtype) {
  for (const DtypeName& d : kDtypes)
    if (d.dtype == dtype) return d.name;
  return "?";
}

bool parseSafetensorsDtype(std::string_view text, SafetensorsDtype& dtype) {
  for (const DtypeName& d : kDtypes)
    if (text == d.name) {
      dtype = d.dtype;
      return true;
    }
  return false;
}

std::size_t dtypeSize(SafetensorsDtype dtype) {
  for (const DtypeName& d : kDtypes)
    if (d.dtype == dtype) return d.size;
  return 0;
}

std::int64_t SafetensorsTensor::elementCount() const {
  std::int64_t count = 1;
  for (std::int64_t n : shape) count *= n;  // checked against overflow when parsed
  return count;
}

std::string SafetensorsFile::label() const { return "safetensors file '" + path_ + "'"; }

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path) {
  // stat first: a FIFO, device or folder is refused before anything opens it.
  checkInputFile(path, "safetensors file");
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw IoError("cannot read " + label() + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw IoError("cannot read " + label() + ": it is not a regular file");
  }
  fileSize_ = std::uint64_t(info.st_size);
  if (fileSize_ < 8) {
    ::close(fd);
    throw IoError(label() + " is truncated: " + std::to_string(fileSize_) +
                  " bytes, not even the 8-byte header length");
  }
  void* map = ::mmap(nullptr, fileSize_, PROT_READ, MAP_PRIVATE, fd, 0);
  const int mapError = errno;
  ::close(fd);  // the map keeps the file
  if (map == MAP_FAILED) throw IoError("cannot read " + label() + ": " + std::strerror(mapError));
  map_ = static_cast<const std::byte*>(map);
  try {
    const std::uint64_t headerBytes = readLittleEndian64(reinterpret_cast<const unsigned char*>(map_));
    // Checked before the header is copied out of the map: a length field of 2⁶⁴−1 allocates
    // nothing.
    if (headerBytes > fileSize_ - 8)
      throw IoError(label() + " is truncated or not safetensors: its header claims " +
                    byteCount(headerBytes) + " but the file has " + byteCount(fileSize_));
    if (headerBytes > kMaxHeaderBytes)
      throw IoError(label() + " has a header of " + byteCount(headerBytes) + ", more than the " +
                    byteCount(kMaxHeaderBytes) + " the format allows");
    if (headerBytes < 2 || static_cast<char>(map_[8]) != '{')
      throw IoError(label() + " is not a safetensors file (its header does not start with '{')");
    dataOffset_ = 8 + headerBytes;
    parseHeader(std::string(reinterpret_cast<const char*>(map_) + 8, headerBytes));
  } catch (...) {
    ::munmap(const_cast<std::byte*>(map_), fileSize_);
    map_ = nullptr;
    throw;
  }
}

SafetensorsFile::~SafetensorsFile() {
  if (map_) ::munmap(const_cast<std::byte*>(map_), fileSize_);
}

void SafetensorsFile::parseHeader(const std::string& header) {
  const nlohmann::json json = parseJsonInput(header, label() + "'s header", kMaxJsonDepth);
  if (!json.is_object())
    throw IoError(label() + "'s header is " + jsonTypeName(json) + ", not an object");
  const std::uint64_t dataBytes = fileSize_ - dataOffset_;
  for (const auto& [name, value] : json.items()) {
    const std::string where = label() + ": tensor '" + shortText(name) + "'";
    if (name == "__metadata__") {
      if (!value.is_object()) throw IoError(label() + ": __metadata__ is not an object");
      for (const auto& [key, text] : value.items()) {
        if (!text.is_string())
          throw IoError(label() + ": __metadata__ '" + shortText(key) + "' is " +
                        jsonTypeName(text) + ", not text");
        metadata_[key] = text.get<std::string>();
      }
      continue;
    }
    if (name.empty() || name.size() > kMaxNameBytes)
      throw IoError(label() + ": a tensor name is empty or longer than " +
                    std::to_string(kMaxNameBytes) + " bytes");
    if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") ||
        !value.contains("data_offsets"))
      throw IoError(where + " lacks dtype, shape or data_offsets");
    SafetensorsTensor tensor;
    tensor.name = name;
    const nlohmann::json& dtype = value["dtype"];
    if (!dtype.is_string() || !parseSafetensorsDtype(dtype.get<std::string>(), tensor.dtype))
      throw IoError(where + " has the dtype " + quoteJson(dtype) +
                    ", which geodex does not read (F64, F32, F16, BF16, I64, I32, I16, I8, U8, "
                    "BOOL)");
    const nlohmann::json& shape = value["shape"];
    if (!shape.is_array() || shape.size() > std::size_t(kMaxRank))
      throw IoError(where + " has the shape " + quoteJson(shape) + " (a list of at most " +
                    std::to_string(kMaxRank) + " sizes is expected)");
    // The element count in bytes must fit the file: bounding each product step by the data
    // size keeps it free of overflow.
    std::uint64_t elements = 1;
    bool empty = false;
    for (const nlohmann::json& size : shape) {
      std::uint64_t n = 0;
      if (!asCount(size, std::uint64_t(std::numeric_limits<std::int64_t>::max()), n))
        throw IoError(where + " has the shape " + quoteJson(shape) +
                      " (sizes are non-negative integers)");
      tensor.shape.push_back(std::int64_t(n));
      if (n == 0) empty = true;
      if (!empty && elements > dataBytes / n)
        throw IoError(where + " has the shape " + quoteJson(shape) + ", larger than the " +
                      byteCount(dataBytes) + " of data in the file");
      if (!empty) elements *= n;
    }
    if (empty) elements = 0;
    const nlohmann::json& offsets = value["data_offsets"];
    std::uint64_t begin = 0, end = 0;
    if (!offsets.is_array() || offsets.size() != 2 ||
        !asCount(offsets[0], std::numeric_limits<std::uint64_t>::max(), begin) ||
        !asCount(offsets[1], std::numeric_limits<std::uint64_t>::max(), end) || begin > end)
      throw IoError(where + " has the data_offsets " + quoteJson(offsets) +
                    " (expected [begin, end] with begin <= end)");
    if (end > dataBytes)
      throw IoError(where + " lies outside the file: its bytes end at " + std::to_string(end) +
                    " but the data segment has " + std::to_string(dataBytes) +
                    " (the file is truncated?)");
    const std::uint64_t expected = elements * dtypeSize(tensor.dtype);
    if (end - begin != expected)
      throw IoError(where + " has " + std::to_string(end - begin) + " bytes, but " +
                    toString(tensor.dtype) + " " + quoteJson(shape) + " needs " +
                    std::to_string(expected));
    tensor.begin = begin;
    tensor.end = end;
    index_[name] = tensors_.size();
    tensors_.push_back(std::move(tensor));
  }
  // No overlaps and no holes: sorted by begin, each range starts where the previous ended.
  std::vector<const SafetensorsTensor*> byOffset;
  for (const SafetensorsTensor& t : tensors_) byOffset.push_back(&t);
  std::sort(byOffset.begin(), byOffset.end(), [](const auto* a, const auto* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  std::uint64_t covered = 0;
  const SafetensorsTensor* previous = nullptr;
  for (const SafetensorsTensor* t : byOffset) {
    if (t->begin < covered)
      throw IoError(label() + ": tensor '" + shortText(t->name) + "' overlaps tensor '" +
                    shortText(previous->name) + "' (bytes " + std::to_string(t->begin) + " to " +
                    std::to_string(t->end) + ")");
    if (t->begin > covered)
      throw IoError(label() + ": bytes " + std::to_string(covered) + " to " +
                    std::to_string(t->begin) + " of its data belong to no tensor");
    covered = t->end;
    previous = t;
  }
  if (covered != dataBytes)
    throw IoError(label() + ": its last " + std::to_string(dataBytes - covered) +
                  " bytes belong to no tensor");
}

const SafetensorsTensor* SafetensorsFile::find(const std::string& name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

std::span<const std::byte> SafetensorsFile::bytes(const SafetensorsTensor& tensor) const {
  return {map_ + dataOffset_ + tensor.begin, std::size_t(tensor.end - tensor.begin)};
}

std::vector<float> SafetensorsFile::floats(const SafetensorsTensor& tensor,
                                           std::int64_t maxElements) const {
  const std::int64_t n = tensor.elementCount();
  if (n > maxElements)
    throw IoError(label() + ": tensor '" + shortText(tensor.name) + "' has " + std::to_string(n) +
                  " values, more than the " + std::to_string(maxElements) + " read here");
  const std::byte* data = map_ + dataOffset_ + tensor.begin;
  std::vector<float> values(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    switch (tensor.dtype) {
      case SafetensorsDtype::F32: std::memcpy(&values[i], data + 4 * i, 4); break;
      case SafetensorsDtype::F64: {
        double d;
        std::memcpy(&d, data + 8 * i, 8);
        values[i] = static_cast<float>(d);
        break;
      }
      case SafetensorsDtype::F16:
      case SafetensorsDtype::BF16: {
        std::uint16_t h;
        std::memcpy(&h, data + 2 * i, 2);
        values[i] = tensor.dtype == SafetensorsDtype::F16 ? halfToFloat(h) : bfloat16ToFloat(h);
        break;
      }
      default:
        throw IoError(label() + ": tensor '" + shortText(tensor.name) + "' is " +
                      toString(tensor.dtype) + ", not floating point");
    }
  }
  return values;
}

void SafetensorsFile::release(const SafetensorsTensor& tensor) const {
  static const std::uintptr_t page = std::uintptr_t(::sysconf(_SC_PAGESIZE));
  const std::uintptr_t begin = std::uintptr_t(map_ + dataOffset_ + tensor.begin);
  const std::uintptr_t end = std::uintptr_t(map_ + dataOffset_ + tensor.end);
  const std::uintptr_t first = (begin + page - 1) / page * page, last = end / page * page;
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

void writeSafetensors(const std::string& path, const std::vector<SafetensorsEntry>& entries,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const SafetensorsEntry& entry : entries) {
    if (entry.name.empty() || entry.name == "__metadata__" || header.contains(entry.name))
      throw InvalidArgumentError("cannot write '" + path + "': the tensor name '" + entry.name +
                                 "' is empty, reserved or used twice");
    std::uint64_t elements = 1;
    for (std::int64_t n : entry.shape) {
      if (n < 0) throw InvalidArgumentError("cannot write '" + path + "': negative size");
      elements *= std::uint64_t(n);
    }
    if (elements * dtypeSize(entry.dtype) != entry.bytes.size())
      throw InvalidArgumentError("cannot write '" + path + "': tensor '" + entry.name + "' has " +
                                 std::to_string(entry.bytes.size()) + " bytes, its dtype and " +
                                 "shape need " + std::to_string(elements * dtypeSize(entry.dtype)));
    header[entry.name] = {{"dtype", toString(entry.dtype)},
                          {"shape", entry.shape},
                          {"data_offsets", {offset, offset + entry.bytes.size()}}};
    offset += entry.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  writeFileAtomically(path, [&](std::FILE* file) {
    unsigned char length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(text.size() >> (8 * i));
    if (std::fwrite(length, 1, 8, file) != 8) return false;
    if (std::fwrite(text.data(), 1, text.size(), file) != text.size()) return false;
    for (const SafetensorsEntry& entry : entries)
      if (std::fwrite(entry.bytes.data(), 1, entry.bytes.size(), file) != entry.bytes.size())
        return false;
    return true;
  });
}

}  // namespace geodex
