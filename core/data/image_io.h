#pragma once
// Reading, fitting and writing the RGB photos of the image pipeline (OpenCV underneath).
#include <string>

#include "core/data/rgb_image.h"

namespace geodex {

// Loads PNG, JPEG, BMP, TIFF, WebP, ... (whatever Debian's OpenCV decodes) as RGB in [0, 1];
// grey images are replicated to three channels, alpha is dropped, 16-bit is kept to float
// precision. Throws IoError naming the file when it is missing, unreadable, corrupt or in an
// unsupported format.
RgbImage loadRgbImage(const std::string& path);

// Scales so that the shorter side is `size` (area averaging when shrinking, bicubic when
// enlarging), then crops the centred size × size square: the input of a model of that size.
// Throws InvalidArgumentError for size ≤ 0 or an empty image.
RgbImage resizeCentreCrop(const RgbImage& image, int size);

// 8-bit PNG bytes (values clamped to [0, 1]).
std::string encodePng(const RgbImage& image);
// Written atomically (complete or not at all); throws IoError naming the path.
void writePng(const std::string& path, const RgbImage& image);

}  // namespace geodex
