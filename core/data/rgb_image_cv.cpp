#include "core/data/rgb_image_cv.h"

#include <opencv2/imgproc.hpp>
#include <string>

#include "core/util/errors.h"

namespace geodex {

cv::Mat toBgr8(const RgbImage& image) {
  if (image.empty()) throw InvalidArgumentError("cannot convert an empty RGB image");
  cv::Mat out(image.rows, image.cols, CV_8UC3);
  for (int y = 0; y < image.rows; ++y) {
    auto* row = out.ptr<cv::Vec3b>(y);
    for (int x = 0; x < image.cols; ++x)
      for (int c = 0; c < 3; ++c)  // RGB → BGR
        row[x][2 - c] = cv::saturate_cast<std::uint8_t>(image.at(c, y, x) * 255.0f);
  }
  return out;
}

RgbImage fromCvImage(const cv::Mat& image) {
  if (image.empty()) throw InvalidArgumentError("cannot convert an empty OpenCV image");
  double scale = 0;
  if (image.depth() == CV_8U) scale = 1.0 / 255.0;
  if (image.depth() == CV_16U) scale = 1.0 / 65535.0;
  if (scale == 0 || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4))
    throw InvalidArgumentError("unsupported OpenCV image type " + std::to_string(image.type()) +
                               ": need 8- or 16-bit grey, BGR or BGRA");
  cv::Mat bgr;
  if (image.channels() == 1)
    cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
  else if (image.channels() == 4)
    cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
  else
    bgr = image;
  cv::Mat floats;
  bgr.convertTo(floats, CV_32FC3, scale);
  RgbImage out(floats.rows, floats.cols);
  for (int y = 0; y < floats.rows; ++y) {
    const auto* row = floats.ptr<cv::Vec3f>(y);
    for (int x = 0; x < floats.cols; ++x)
      for (int c = 0; c < 3; ++c) out.at(c, y, x) = row[x][2 - c];
  }
  return out;
}

}  // namespace geodex
