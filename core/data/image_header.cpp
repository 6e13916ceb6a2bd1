#include "core/data/image_header.h"

#include <webp/decode.h>
#include <zlib.h>

#include <cstring>
#include <vector>

#include "core/util/errors.h"

namespace geodex {

namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw InvalidArgumentError(reason);
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}
std::uint32_t be16(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 8) | p[1];
}
std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
         (std::uint32_t(p[3]) << 24);
}
std::uint32_t le16(const unsigned char* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8);
}

std::string chunkName(const unsigned char* p) {
  std::string name;
  for (int i = 0; i < 4; ++i) name += (p[i] >= 0x20 && p[i] < 0x7f) ? char(p[i]) : '?';
  return name;
}

// Refuses a size nobody should decode (before the data is even looked at).
void checkDimensions(const ImageHeader& header) {
  if (header.width == 0 || header.height == 0)
    fail("corrupt " + toString(header.format) + ": its header declares " +
         std::to_string(header.width) + "×" + std::to_string(header.height) + " pixels");
  if (header.width > kMaxImageSide || header.height > kMaxImageSide ||
      std::uint64_t(header.width) * header.height > kMaxImagePixels)
    fail(toString(header.format) + " of " + std::to_string(header.width) + "×" +
         std::to_string(header.height) + " pixels, more than geodex decodes (" +
         std::to_string(kMaxImagePixels / 1'000'000) + " megapixels, " +
         std::to_string(kMaxImageSide) + " pixels a side)");
}

// PNG: signature, IHDR first, every chunk inside the file with a valid CRC, IDAT, IEND.
ImageHeader readPng(const unsigned char* bytes, std::size_t size) {
  ImageHeader header{ImageFormat::Png, 0, 0};
  std::size_t pos = 8;
  bool sawHeader = false, sawData = false;
  std::uint64_t bitsPerPixel = 0, dataBytes = 0;
  while (true) {
    if (size - pos < 12) fail("truncated PNG: it ends before its IEND chunk");
    const std::uint32_t length = be32(bytes + pos);
    const unsigned char* type = bytes + pos + 4;
    if (length > 0x7fffffffu)
      fail("PNG chunk '" + chunkName(type) + "' declares a length over 2³¹");
    if (std::uint64_t(size - pos - 12) < length)
      fail("truncated PNG: chunk '" + chunkName(type) + "' runs past the end of the file");
    const unsigned char* data = type + 4;
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), type, 4 + length);
    if (crc != be32(data + length))
      fail("PNG chunk '" + chunkName(type) + "' has a bad CRC (corrupt file)");
    const std::string name(reinterpret_cast<const char*>(type), 4);
    if (!sawHeader) {
      if (name != "IHDR" || length != 13) fail("corrupt PNG: the first chunk is not IHDR");
      header.width = be32(data);
      header.height = be32(data + 4);
      const unsigned depth = data[8], colour = data[9];
      const unsigned channels = colour == 0 ? 1 : colour == 2 ? 3 : colour == 3 ? 1 : colour == 4 ? 2
                              : colour == 6 ? 4 : 0;
      if (channels == 0 || (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16))
        fail("corrupt PNG: colour type " + std::to_string(colour) + " with " + std::to_string(depth) + " bits");
      bitsPerPixel = std::uint64_t(channels) * depth;
      checkDimensions(header);
      sawHeader = true;
    } else if (name == "IDAT") {
      sawData = true;
      dataBytes += length;
    } else if (name == "IEND") {
      if (!sawData) fail("corrupt PNG: no image data (IDAT) before IEND");
      // Deflate packs at most 1032 bytes into one: less data than that cannot be the image its
      // header declares (a tiny file claiming a huge image, decoded into made-up rows).
      const std::uint64_t rows = header.height, rowBytes = 1 + (std::uint64_t(header.width) * bitsPerPixel + 7) / 8;
      if (rows * rowBytes / 2064 > dataBytes)
        fail("truncated PNG: " + std::to_string(dataBytes) + " bytes of image data cannot hold " +
             std::to_string(header.width) + "×" + std::to_string(header.height) + " pixels");
      return header;
    }
    pos += 12 + std::size_t(length);
  }
}

// JPEG: segments from SOI, a frame header (SOF) with the size, scans whose entropy-coded data
// is followed by more segments, and the end-of-image marker. 0xFF inside scan data is always
// stuffed (FF 00) or a restart marker, so the first other marker after a scan ends it.
ImageHeader readJpeg(const unsigned char* bytes, std::size_t size) {
  ImageHeader header{ImageFormat::Jpeg, 0, 0};
  std::size_t pos = 2;
  bool sawFrame = false, sawScan = false, huffman = true;
  std::uint64_t scanBytes = 0;
  while (true) {
    if (pos >= size) fail("truncated JPEG: it ends before its end-of-image marker");
    if (bytes[pos] != 0xFF) fail("corrupt JPEG: expected a marker at byte " + std::to_string(pos));
    while (pos < size && bytes[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= size) fail("truncated JPEG: it ends before its end-of-image marker");
    const unsigned char marker = bytes[pos++];
    if (marker == 0xD9) {
      if (!sawScan) fail("corrupt JPEG: no image data (scan) before its end marker");
      // Huffman coding spends at least a bit on every 8×8 block of a full-resolution component
      // (a quarter of the grid at the most extreme subsampling): less scan data than that cannot
      // be the image the frame header declares.
      const std::uint64_t blocks = (std::uint64_t(header.width) + 7) / 8 * ((std::uint64_t(header.height) + 7) / 8);
      if (huffman && scanBytes * 64 < blocks)
        fail("truncated JPEG: " + std::to_string(scanBytes) + " bytes of scan data cannot hold " +
             std::to_string(header.width) + "×" + std::to_string(header.height) + " pixels");
      return header;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (marker == 0x00 || marker == 0xD8)
      fail("corrupt JPEG: unexpected marker at byte " + std::to_string(pos - 1));
    if (size - pos < 2) fail("truncated JPEG: it ends inside a segment header");
    const std::size_t length = be16(bytes + pos);
    if (length < 2) fail("corrupt JPEG: a segment of length " + std::to_string(length));
    if (size - pos < length) fail("truncated JPEG: a segment runs past the end of the file");
    const bool frame =
        (marker >= 0xC0 && marker <= 0xCF) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (length < 8) fail("corrupt JPEG: a frame header of length " + std::to_string(length));
      if (sawFrame) fail("corrupt JPEG: two frame headers");
      header.height = be16(bytes + pos + 3);
      header.width = be16(bytes + pos + 5);
      if (header.height == 0)
        fail("JPEG with its height defined after the first scan (DNL) is not supported");
      huffman = marker < 0xC8;  // SOF9 and above: arithmetic coding
      checkDimensions(header);
      sawFrame = true;
    }
    pos += length;
    if (marker == 0xDA) {  // start of scan: skip its entropy-coded data
      if (!sawFrame) fail("corrupt JPEG: a scan before the frame header");
      sawScan = true;
      const std::size_t scanStart = pos;
      while (true) {
        const void* next = std::memchr(bytes + pos, 0xFF, size - pos);
        if (!next) fail("truncated JPEG: the image data ends without an end-of-image marker");
        pos = std::size_t(static_cast<const unsigned char*>(next) - bytes);
        if (pos + 1 >= size)
          fail("truncated JPEG: the image data ends without an end-of-image marker");
        const unsigned char after = bytes[pos + 1];
        if (after == 0x00 || (after >= 0xD0 && after <= 0xD7) || after == 0xFF) {
          pos += after == 0xFF ? 1 : 2;
          continue;
        }
        break;  // a real marker: back to the segment loop
      }
      scanBytes += pos - scanStart;
    }
  }
}

// BMP: the info header's size, uncompressed (or bit-field) rows inside the file.
ImageHeader readBmp(const unsigned char* bytes, std::size_t size) {
  ImageHeader header{ImageFormat::Bmp, 0, 0};
  if (size < 26) fail("truncated BMP: it ends inside its header");
  const std::uint32_t offset = le32(bytes + 10);
  const std::uint32_t infoSize = le32(bytes + 14);
  std::uint64_t width = 0, height = 0;
  std::uint32_t bits = 0, compression = 0;
  if (infoSize == 12) {
    width = le16(bytes + 18);
    height = le16(bytes + 20);
    bits = le16(bytes + 24);
  } else if (infoSize >= 40 && infoSize <= 124) {
    if (size < 34) fail("truncated BMP: it ends inside its header");
    const auto w = std::int32_t(le32(bytes + 18));
    const auto h = std::int32_t(le32(bytes + 22));
    if (w <= 0 || h == 0 || h == INT32_MIN)
      fail("corrupt BMP: width " + std::to_string(w) + ", height " + std::to_string(h));
    width = std::uint64_t(w);
    height = std::uint64_t(h < 0 ? -std::int64_t(h) : h);
    bits = le16(bytes + 28);
    compression = le32(bytes + 30);
  } else {
    fail("corrupt BMP: unknown info header size " + std::to_string(infoSize));
  }
  if (bits != 1 && bits != 4 && bits != 8 && bits != 16 && bits != 24 && bits != 32)
    fail("corrupt BMP: " + std::to_string(bits) + " bits per pixel");
  if (compression != 0 && compression != 3)
    fail("compressed (RLE) BMP files are not supported: save it as PNG");
  if (width == 0 || height == 0 || width > kMaxImageSide || height > kMaxImageSide) {
    header.width = std::uint32_t(std::min<std::uint64_t>(width, 0xffffffffu));
    header.height = std::uint32_t(std::min<std::uint64_t>(height, 0xffffffffu));
    return header;  // the size check of the caller words it
  }
  const std::uint64_t row = (bits * width + 31) / 32 * 4;
  if (std::uint64_t(offset) + row * height > size)
    fail("truncated BMP: " + std::to_string(width) + "×" + std::to_string(height) +
         " pixels need " + std::to_string(std::uint64_t(offset) + row * height) +
         " bytes, the file has " + std::to_string(size));
  header.width = std::uint32_t(width);
  header.height = std::uint32_t(height);
  return header;
}

// TIFF (classic, not BigTIFF): the first directory's size tags, and every strip or tile inside
// the file.
ImageHeader readTiff(const unsigned char* bytes, std::size_t size) {
  ImageHeader header{ImageFormat::Tiff, 0, 0};
  const bool little = bytes[0] == 'I';
  const auto u16 = [&](std::uint64_t at) { return little ? le16(bytes + at) : be16(bytes + at); };
  const auto u32 = [&](std::uint64_t at) { return little ? le32(bytes + at) : be32(bytes + at); };
  if (size < 8) fail("truncated TIFF: it ends inside its header");
  const std::uint64_t directory = u32(4);
  if (directory < 8 || directory + 2 > size)
    fail("truncated TIFF: its directory lies past the end of the file");
  const std::uint64_t entries = u16(directory);
  if (directory + 2 + entries * 12 > size) fail("truncated TIFF: its directory runs past the end");
  // A tag's values (SHORT or LONG), inline or at an offset inside the file.
  const auto values = [&](std::uint64_t entry, std::uint64_t limit) {
    const std::uint32_t tag = u16(entry), type = u16(entry + 2);
    const std::uint64_t count = u32(entry + 4);
    const std::uint64_t width = type == 3 ? 2 : type == 4 ? 4 : 0;
    if (width == 0)
      fail("corrupt TIFF: tag " + std::to_string(tag) + " has type " + std::to_string(type));
    if (count == 0 || count > limit)
      fail("corrupt TIFF: tag " + std::to_string(tag) + " has " + std::to_string(count) +
           " values (geodex reads 1 to " + std::to_string(limit) + ")");
    std::uint64_t at = entry + 8;
    if (count * width > 4) {
      at = u32(entry + 8);
      if (at + count * width > size)
        fail("truncated TIFF: tag " + std::to_string(tag) + " points past the end");
    }
    std::vector<std::uint64_t> out(count);
    for (std::uint64_t i = 0; i < count; ++i)
      out[i] = width == 2 ? u16(at + 2 * i) : u32(at + 4 * i);
    return out;
  };
  constexpr std::uint64_t kMaxStrips = 1u << 20;
  std::vector<std::uint64_t> offsets, counts;
  for (std::uint64_t i = 0; i < entries; ++i) {
    const std::uint64_t entry = directory + 2 + 12 * i;
    const std::uint32_t tag = u16(entry);
    if (tag == 256) header.width = std::uint32_t(values(entry, 1)[0]);
    if (tag == 257) header.height = std::uint32_t(values(entry, 1)[0]);
    if (tag == 273 || tag == 324) offsets = values(entry, kMaxStrips);
    if (tag == 279 || tag == 325) counts = values(entry, kMaxStrips);
  }
  if (header.width == 0 || header.height == 0) fail("corrupt TIFF: no image width or height");
  if (offsets.empty() || offsets.size() != counts.size())
    fail("corrupt TIFF: its strips (or tiles) and their byte counts do not match");
  for (std::size_t i = 0; i < offsets.size(); ++i)
    if (offsets[i] + counts[i] > size)
      fail("truncated TIFF: strip " + std::to_string(i) + " runs past the end of the file");
  return header;
}

// WebP: the RIFF size inside the file, the first chunk's frame size.
ImageHeader readWebp(const unsigned char* bytes, std::size_t size) {
  ImageHeader header{ImageFormat::Webp, 0, 0};
  if (size < 32) fail("truncated WebP: it ends inside its header");
  const std::uint64_t riff = le32(bytes + 4);
  if (riff + 8 > size) fail("truncated WebP: the file is shorter than its RIFF size");
  const std::string chunk = chunkName(bytes + 12);
  const std::uint64_t chunkSize = le32(bytes + 16);
  if (20 + chunkSize > size) fail("truncated WebP: chunk '" + chunk + "' runs past the end");
  const unsigned char* d = bytes + 20;
  if (chunkSize < 10) fail("corrupt WebP: chunk '" + chunk + "' is too short for a frame header");
  if (chunk == "VP8 ") {
    if (d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a) fail("corrupt WebP: bad VP8 start code");
    header.width = le16(d + 6) & 0x3fff;
    header.height = le16(d + 8) & 0x3fff;
  } else if (chunk == "VP8L") {
    if (d[0] != 0x2f) fail("corrupt WebP: bad lossless signature");
    const std::uint32_t bits = le32(d + 1);
    header.width = (bits & 0x3fff) + 1;
    header.height = ((bits >> 14) & 0x3fff) + 1;
  } else if (chunk == "VP8X") {
    header.width = (le32(d + 4) & 0xffffff) + 1;
    header.height = (le32(d + 7) & 0xffffff) + 1;
  } else {
    fail("corrupt WebP: unknown first chunk '" + chunk + "'");
  }
  // OpenCV picks its decoder by signature: its WebP reader claims a file only when libwebp reads
  // the first 32 bytes as a header, and otherwise the file goes on to the next reader — GDCM's
  // DICOM reader, which asserts (aborts) on "DICM" at byte 128 (found by fuzz_image). Ask the
  // same question, so what passes here goes to the WebP reader.
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(bytes, 32, &features) != VP8_STATUS_OK)
    fail("corrupt WebP: libwebp cannot read its header");
  return header;
}

}  // namespace

std::string toString(ImageFormat format) {
  switch (format) {
    case ImageFormat::Png:
      return "PNG";
    case ImageFormat::Jpeg:
      return "JPEG";
    case ImageFormat::Bmp:
      return "BMP";
    case ImageFormat::Tiff:
      return "TIFF";
    case ImageFormat::Webp:
      return "WebP";
  }
  return "image";
}

ImageHeader readImageHeader(const unsigned char* bytes, std::size_t size) {
  const auto starts = [&](const char* signature, std::size_t n) {
    return size >= n && std::memcmp(bytes, signature, n) == 0;
  };
  ImageHeader header;
  if (size == 0) fail("the file is empty");
  if (starts("\x89PNG\r\n\x1a\n", 8))
    header = readPng(bytes, size);
  else if (starts("\xff\xd8\xff", 3))
    header = readJpeg(bytes, size);
  else if (starts("BM", 2))
    header = readBmp(bytes, size);
  else if (starts("II*\0", 4) || starts("MM\0*", 4))
    header = readTiff(bytes, size);
  else if (starts("RIFF", 4) && size >= 12 && std::memcmp(bytes + 8, "WEBP", 4) == 0)
    header = readWebp(bytes, size);
  else
    fail("the file is corrupt or not in a supported format (PNG, JPEG, BMP, TIFF, WebP)");
  checkDimensions(header);
  return header;
}

}  // namespace geodex
