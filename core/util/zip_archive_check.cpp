#include "core/util/zip_archive_check.h"

#include <zlib.h>

#include <algorithm>
#include <vector>

#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEnd = 0x06054b50;
constexpr std::uint32_t kEnd64 = 0x06064b50;
constexpr std::uint32_t kEnd64Locator = 0x07064b50;
// Limits: LibTorch writes a few records per tensor, stores weights and deflates only code.
constexpr std::uint64_t kMaxRecords = 1u << 20;
constexpr std::uint64_t kMaxDirectoryBytes = 256u << 20;
constexpr std::uint64_t kMaxDeflatedRecordBytes = 64u << 20;

std::uint64_t le(const unsigned char* p, int bytes) {
  std::uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | p[i];
  return value;
}

class Archive {
 public:
  Archive(const ZipReader& read, std::uint64_t size, const std::string& label,
          const std::string& kind)
      : read_(read), size_(size), label_(label), kind_(kind) {}

  [[noreturn]] void corrupt(const std::string& why) const {
    throw IoError(label_ + " is corrupt: " + why +
                  " (the file was damaged or cut short; export or train it again)");
  }

  std::vector<unsigned char> bytes(std::uint64_t offset, std::uint64_t count) const {
    if (offset > size_ || count > size_ - offset) corrupt("a record lies outside the file");
    std::vector<unsigned char> out(static_cast<std::size_t>(count));
    if (count) read_(offset, out.data(), out.size());
    return out;
  }

  ZipArchiveSummary check() {
    if (size_ < 22) notZip();
    // The end record: its last 22 bytes plus a comment of at most 65535.
    const std::uint64_t tail = std::min<std::uint64_t>(size_, 22 + 65535);
    const std::vector<unsigned char> end = bytes(size_ - tail, tail);
    std::int64_t at = std::int64_t(tail) - 22;
    while (at >= 0 && le(end.data() + at, 4) != kEnd) --at;
    if (at < 0) notZip();
    const unsigned char* e = end.data() + at;
    const std::uint64_t endOffset = size_ - tail + std::uint64_t(at);
    std::uint64_t records = le(e + 10, 2);
    std::uint64_t directorySize = le(e + 12, 4);
    std::uint64_t directoryOffset = le(e + 16, 4);
    if (records == 0xffff || directorySize == 0xffffffff || directoryOffset == 0xffffffff) {
      if (endOffset < 20) corrupt("its zip64 locator is missing");
      const std::vector<unsigned char> locator = bytes(endOffset - 20, 20);
      if (le(locator.data(), 4) != kEnd64Locator) corrupt("its zip64 locator is missing");
      const std::vector<unsigned char> end64 = bytes(le(locator.data() + 8, 8), 56);
      if (le(end64.data(), 4) != kEnd64) corrupt("its zip64 end record is missing");
      records = le(end64.data() + 32, 8);
      directorySize = le(end64.data() + 40, 8);
      directoryOffset = le(end64.data() + 48, 8);
    }
    if (records == 0) corrupt("it holds no records");
    if (records > kMaxRecords)
      corrupt(std::to_string(records) + " records, more than geodex reads");
    if (directorySize > kMaxDirectoryBytes || directorySize < records * 46)
      corrupt("its directory size " + std::to_string(directorySize) + " does not fit " +
              std::to_string(records) + " records");
    const std::vector<unsigned char> directory = bytes(directoryOffset, directorySize);
    ZipArchiveSummary summary;
    std::uint64_t pos = 0;
    for (std::uint64_t i = 0; i < records; ++i) {
      if (directorySize - pos < 46 || le(directory.data() + pos, 4) != kCentralHeader)
        corrupt("its directory is damaged at record " + std::to_string(i));
      const unsigned char* h = directory.data() + pos;
      const std::uint64_t method = le(h + 10, 2);
      const std::uint32_t crc = std::uint32_t(le(h + 16, 4));
      std::uint64_t packed = le(h + 20, 4), unpacked = le(h + 24, 4), local = le(h + 42, 4);
      const std::uint64_t nameLength = le(h + 28, 2), extraLength = le(h + 30, 2),
                          commentLength = le(h + 32, 2);
      if (directorySize - pos - 46 < nameLength + extraLength + commentLength)
        corrupt("its directory is damaged at record " + std::to_string(i));
      const std::string name =
          shortText(std::string(reinterpret_cast<const char*>(h + 46), nameLength));
      readZip64Sizes(h + 46 + nameLength, extraLength, unpacked, packed, local, name);
      pos += 46 + nameLength + extraLength + commentLength;
      checkRecord(name, method, crc, packed, unpacked, local, directoryOffset);
      ++summary.records;
      summary.dataBytes += unpacked;
    }
    return summary;
  }

 private:
  [[noreturn]] void notZip() const {
    throw IoError(label_ + " is not a " + kind_ + " (not a zip archive)");
  }

  // Sizes of 0xffffffff are in the zip64 extra field, in this order.
  void readZip64Sizes(const unsigned char* extra, std::uint64_t length, std::uint64_t& unpacked,
                      std::uint64_t& packed, std::uint64_t& local, const std::string& name) const {
    for (std::uint64_t p = 0; p + 4 <= length;) {
      const std::uint64_t id = le(extra + p, 2), size = le(extra + p + 2, 2);
      if (p + 4 + size > length) corrupt("record '" + name + "' has a damaged extra field");
      if (id == 0x0001) {
        std::uint64_t q = p + 4;
        for (std::uint64_t* field : {&unpacked, &packed, &local}) {
          if (*field != 0xffffffff) continue;
          if (q + 8 > p + 4 + size) corrupt("record '" + name + "' has a damaged zip64 field");
          *field = le(extra + q, 8);
          q += 8;
        }
      }
      p += 4 + size;
    }
  }

  void checkRecord(const std::string& name, std::uint64_t method, std::uint32_t crc,
                   std::uint64_t packed, std::uint64_t unpacked, std::uint64_t local,
                   std::uint64_t directoryOffset) const {
    const std::vector<unsigned char> header = bytes(local, 30);
    if (le(header.data(), 4) != kLocalHeader) corrupt("record '" + name + "' has no header");
    const std::uint64_t data = local + 30 + le(header.data() + 26, 2) + le(header.data() + 28, 2);
    if (data > directoryOffset || packed > directoryOffset - data)
      corrupt("record '" + name + "' runs into the archive's directory");
    uLong sum = crc32(0L, Z_NULL, 0);
    if (method == 0) {
      if (packed != unpacked) corrupt("record '" + name + "' has two different sizes");
      std::vector<unsigned char> chunk(
          static_cast<std::size_t>(std::min<std::uint64_t>(packed, 1u << 20)));
      for (std::uint64_t done = 0; done < packed;) {
        const std::size_t n = std::size_t(std::min<std::uint64_t>(chunk.size(), packed - done));
        read_(data + done, chunk.data(), n);
        sum = crc32(sum, chunk.data(), uInt(n));
        done += n;
      }
    } else if (method == 8) {
      if (unpacked > kMaxDeflatedRecordBytes)
        corrupt("compressed record '" + name + "' declares " + std::to_string(unpacked) + " bytes");
      sum = inflateCrc(name, data, packed, unpacked);
    } else {
      corrupt("record '" + name + "' uses compression method " + std::to_string(method));
    }
    if (std::uint32_t(sum) != crc) corrupt("record '" + name + "' fails its CRC check");
  }

  // CRC-32 of a raw-deflated record, inflated in chunks (never more than it declares).
  uLong inflateCrc(const std::string& name, std::uint64_t data, std::uint64_t packed,
                   std::uint64_t unpacked) const {
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) corrupt("zlib cannot start");
    std::vector<unsigned char> in(
        static_cast<std::size_t>(std::min<std::uint64_t>(packed, 1u << 16)));
    std::vector<unsigned char> out(1u << 16);
    uLong sum = crc32(0L, Z_NULL, 0);
    std::uint64_t read = 0, produced = 0;
    int status = Z_OK;
    while (status != Z_STREAM_END) {
      if (stream.avail_in == 0 && read < packed) {
        const std::size_t n = std::size_t(std::min<std::uint64_t>(in.size(), packed - read));
        read_(data + read, in.data(), n);
        read += n;
        stream.next_in = in.data();
        stream.avail_in = uInt(n);
      }
      stream.next_out = out.data();
      stream.avail_out = uInt(out.size());
      status = inflate(&stream, Z_NO_FLUSH);
      const std::size_t got = out.size() - stream.avail_out;
      produced += got;
      if ((status != Z_OK && status != Z_STREAM_END) || produced > unpacked ||
          (status == Z_OK && got == 0 && stream.avail_in == 0 && read >= packed)) {
        inflateEnd(&stream);
        corrupt("compressed record '" + name + "' does not inflate to its " +
                std::to_string(unpacked) + " bytes");
      }
      sum = crc32(sum, out.data(), uInt(got));
    }
    inflateEnd(&stream);
    if (produced != unpacked)
      corrupt("compressed record '" + name + "' does not inflate to its " +
              std::to_string(unpacked) + " bytes");
    return sum;
  }

  const ZipReader& read_;
  std::uint64_t size_;
  std::string label_;
  std::string kind_;
};

}  // namespace

ZipArchiveSummary checkZipArchive(const ZipReader& read, std::uint64_t size,
                                  const std::string& label, const std::string& kind) {
  return Archive(read, size, label, kind).check();
}

ZipArchiveSummary checkZipArchiveFile(const std::string& path, const std::string& what,
                                      const std::string& missing, const std::string& kind) {
  InputFile file(path, what, missing);
  const ZipReader read = [&](std::uint64_t offset, void* buffer, std::size_t bytes) {
    file.readAt(offset, buffer, bytes);
  };
  return checkZipArchive(read, file.size(), file.label(), kind);
}

}  // namespace geodex
