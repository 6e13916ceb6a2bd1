#pragma once
// The container of an image file, checked before any decoder sees it: the format from its
// signature, the size from its header (so a 20000×20000 PNG is refused before a byte is
// decoded) and the structure that proves the data is complete — PNG chunks with valid CRCs up to
// IEND, JPEG segments up to the end-of-image marker after the scans, BMP pixel rows, TIFF
// strips/tiles and WebP chunks inside the file. OpenCV 4.6 decodes a truncated JPEG without a
// word, into partly uninitialised pixels; this is what stops it.
#include <cstddef>
#include <cstdint>
#include <string>

namespace geodex {

enum class ImageFormat { Png, Jpeg, Bmp, Tiff, Webp };

struct ImageHeader {
  ImageFormat format = ImageFormat::Png;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// Larger images are refused by their header (a decoded 50 MP photo takes ~1.4 GB as floats).
constexpr std::uint64_t kMaxImagePixels = 50'000'000;
constexpr std::uint32_t kMaxImageSide = 30'000;

// The header of the file's bytes. Throws InvalidArgumentError with the reason ("truncated: ...",
// "PNG chunk 'IDAT' has a bad CRC", "not in a supported format (PNG, JPEG, BMP, TIFF, WebP)",
// "20000×20000 pixels, more than the 50000000 geodex decodes") — the caller names the file.
ImageHeader readImageHeader(const unsigned char* bytes, std::size_t size);

std::string toString(ImageFormat format);

}  // namespace geodex
