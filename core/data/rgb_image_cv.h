#pragma once
// Conversions between RgbImage and OpenCV matrices. Internal to core's .cpp files and tests:
// the public headers stay free of OpenCV.
#include <opencv2/core.hpp>

#include "core/data/rgb_image.h"

namespace geodex {

// 8-bit BGR (OpenCV's channel order), values clamped to [0, 1] and rounded.
cv::Mat toBgr8(const RgbImage& image);
// From an 8-bit or 16-bit, 1-, 3- (BGR) or 4-channel (BGRA, alpha dropped) matrix.
// Throws InvalidArgumentError for other types.
RgbImage fromCvImage(const cv::Mat& image);

}  // namespace geodex
