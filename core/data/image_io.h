#pragma once
// Reading, fitting and writing the RGB photos of the image pipeline (OpenCV underneath).
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

// Image files larger than this are refused before they are read.
constexpr std::uint64_t kMaxImageFileBytes = 512ull << 20;

// Loads PNG, JPEG, BMP (uncompressed), TIFF and WebP as RGB in [0, 1]; grey images are
// replicated to three channels, alpha is dropped, 16-bit is kept to float precision. The
// container is checked before decoding (image_header.h): truncated or corrupt data and images
// over 50 megapixels are refused, never decoded into made-up pixels. Throws IoError naming the
// file when it is missing, not a regular file, unreadable, corrupt or in an unsupported format;
// what the decoder printed is folded into the message (its full text in details()).
RgbImage loadRgbImage(const std::string& path);
// Every image file (.png .jpg .jpeg .bmp .tif .tiff .webp, any case) directly in `folder`, in
// name order, loaded as loadRgbImage does, each fitted by resizeCentreCrop to `size` (0: kept as
// it is) so that many photos need not be held at full size. Throws IoError when the folder is
// missing, holds no image file or more than `maxImages`, or one of them cannot be loaded.
std::vector<RgbImage> loadImageFolder(const std::string& folder, int size, int maxImages);
// The same from the file's bytes; `name` names it in messages.
RgbImage decodeRgbImage(const std::string& bytes, const std::string& name);

// Scales so that the shorter side is `size` (area averaging when shrinking, bicubic when
// enlarging), then crops the centred size × size square: the input of a model of that size.
// Throws InvalidArgumentError for size ≤ 0 or an empty image.
RgbImage resizeCentreCrop(const RgbImage& image, int size);

// 8-bit PNG bytes (values clamped to [0, 1]).
std::string encodePng(const RgbImage& image);
// Written atomically (complete or not at all); throws IoError naming the path.
void writePng(const std::string& path, const RgbImage& image);

}  // namespace geodex
