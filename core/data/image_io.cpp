#include "core/data/image_io.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "core/data/rgb_image_cv.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

RgbImage loadRgbImage(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError("cannot read image '" + path + "': no such file");
  if (!fs::is_regular_file(path, ec))
    throw IoError("cannot read image '" + path + "': not a regular file");
  // Read the bytes ourselves so "unreadable" and "not an image" get different messages.
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot read image '" + path + "': permission denied or unreadable");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  cv::Mat decoded;
  try {
    if (!bytes.empty()) decoded = cv::imdecode(bytes, cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH);
  } catch (const cv::Exception&) {
    decoded.release();  // OpenCV throws on some truncated files: same user-facing error.
  }
  if (decoded.empty())
    throw IoError("cannot read image '" + path +
                  "': the file is empty, corrupt or not in a supported format (PNG, JPEG, BMP, "
                  "TIFF, WebP)");
  try {
    return fromCvImage(decoded);
  } catch (const InvalidArgumentError& e) {
    throw IoError("cannot read image '" + path + "': " + e.what());
  }
}

RgbImage resizeCentreCrop(const RgbImage& image, int size) {
  if (size <= 0)
    throw InvalidArgumentError("crop size must be positive, got " + std::to_string(size));
  if (image.empty()) throw InvalidArgumentError("cannot resize an empty image");
  const double scale = double(size) / std::min(image.rows, image.cols);
  // Round the longer side up so it never falls below `size`.
  const int rows = std::max(size, int(std::lround(image.rows * scale)));
  const int cols = std::max(size, int(std::lround(image.cols * scale)));
  cv::Mat planes[3], resized[3];
  for (int c = 0; c < 3; ++c) {
    planes[c] = cv::Mat(
        image.rows, image.cols, CV_32F,
        const_cast<float*>(image.pixels.data()) + Eigen::Index(c) * image.rows * image.cols);
    cv::resize(planes[c], resized[c], cv::Size(cols, rows), 0, 0,
               scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  }
  const cv::Rect crop((cols - size) / 2, (rows - size) / 2, size, size);
  RgbImage out(size, size);
  for (int c = 0; c < 3; ++c) {
    cv::Mat target(size, size, CV_32F, out.pixels.data() + Eigen::Index(c) * size * size);
    resized[c](crop).copyTo(target);
  }
  out.pixels = out.pixels.cwiseMax(0.0f).cwiseMin(1.0f);  // bicubic overshoots at edges
  return out;
}

std::string encodePng(const RgbImage& image) {
  std::vector<unsigned char> png;
  if (!cv::imencode(".png", toBgr8(image), png)) throw IoError("PNG encoding failed");
  return std::string(png.begin(), png.end());
}

void writePng(const std::string& path, const RgbImage& image) {
  writeFileAtomically(path, encodePng(image));
}

}  // namespace geodex
