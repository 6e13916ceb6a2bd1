#include "core/data/image_io.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "core/data/image_header.h"
#include "core/data/rgb_image_cv.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/stderr_capture.h"

namespace geodex {

namespace {

// The line of a decoder's stderr output worth showing: the first non-empty one, shortened.
std::string firstComplaint(const std::string& noise) {
  std::size_t begin = 0;
  while (begin < noise.size()) {
    std::size_t end = noise.find('\n', begin);
    if (end == std::string::npos) end = noise.size();
    std::string line = noise.substr(begin, end - begin);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (!line.empty()) return line.size() > 160 ? line.substr(0, 160) + "..." : line;
    begin = end + 1;
  }
  return {};
}

// libjpeg warns (and fills in grey or leaves rows unwritten) when scan data is missing or broken;
// junk between segments ("extraneous bytes") is harmless.
bool jpegDataBroken(const std::string& noise) {
  std::size_t begin = 0;
  while (begin < noise.size()) {
    std::size_t end = noise.find('\n', begin);
    if (end == std::string::npos) end = noise.size();
    const std::string line = noise.substr(begin, end - begin);
    if (line.find("Premature end") != std::string::npos ||
        line.find("Invalid") != std::string::npos ||
        (line.find("Corrupt JPEG data") != std::string::npos &&
         line.find("extraneous bytes") == std::string::npos))
      return true;
    begin = end + 1;
  }
  return false;
}

}  // namespace

RgbImage decodeRgbImage(const std::string& bytes, const std::string& name) {
  const std::string what = "cannot read image '" + name + "': ";
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  ImageHeader header;
  try {
    header = readImageHeader(data, bytes.size());
  } catch (const InvalidArgumentError& e) {
    throw IoError(what + e.what());
  }
  const std::string format = toString(header.format);
  cv::Mat decoded;
  std::string noise;
  {
    // libpng and libjpeg print their complaints on stderr: fold them into our message.
    StderrCapture capture;
    try {
      const cv::Mat encoded(1, int(bytes.size()), CV_8U, const_cast<unsigned char*>(data));
      decoded = cv::imdecode(encoded, cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH);
    } catch (const cv::Exception& e) {
      decoded.release();
      noise = std::string(e.what()) + "\n";
    }
    noise = capture.finish() + noise;
  }
  const std::string complaint = firstComplaint(noise);
  const std::string because = complaint.empty() ? std::string() : " (" + complaint + ")";
  if (decoded.empty())
    throw IoError(what + "its " + format +
                      " data is corrupt or uses a variant OpenCV cannot decode" + because,
                  noise);
  if (header.format == ImageFormat::Jpeg && jpegDataBroken(noise))
    throw IoError(what + "its JPEG data is corrupt" + because, noise);
  const bool sameSize =
      std::uint32_t(decoded.cols) == header.width && std::uint32_t(decoded.rows) == header.height;
  const bool turned = std::uint32_t(decoded.cols) == header.height &&
                      std::uint32_t(decoded.rows) == header.width;  // EXIF orientation
  if (!sameSize && !turned)
    throw IoError(what + "its header declares " + std::to_string(header.width) + "×" +
                  std::to_string(header.height) + " pixels, the decoder returned " +
                  std::to_string(decoded.cols) + "×" + std::to_string(decoded.rows));
  try {
    return fromCvImage(decoded);
  } catch (const InvalidArgumentError& e) {
    throw IoError(what + e.what());
  } catch (const cv::Exception& e) {
    throw IoError(what + "OpenCV cannot convert it: " + firstComplaint(e.what()), e.what());
  }
}

RgbImage loadRgbImage(const std::string& path) {
  // Checked before it is opened (no FIFO or device), and bounded before it is read.
  return decodeRgbImage(readInputFile(path, "image", kMaxImageFileBytes), path);
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
  // libpng and OpenCV print their complaints on stderr: kept for --verbose, never ahead of the
  // one line. The file is written by geodex afterwards, so a full disk is one WriteError.
  StderrCapture chatter;
  const bool encoded = cv::imencode(".png", toBgr8(image), png);
  const std::string details = chatter.finish();
  if (!encoded) throw WriteError("PNG encoding failed", details);
  return std::string(png.begin(), png.end());
}

void writePng(const std::string& path, const RgbImage& image) {
  writeFileAtomically(path, encodePng(image));
}

std::vector<RgbImage> loadImageFolder(const std::string& folder, int size, int maxImages) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(folder, error))
    throw IoError("cannot read the image folder '" + folder + "': it is not a folder");
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    std::string extension = entry.path().extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"})
      if (extension == known && entry.is_regular_file(error)) files.push_back(entry.path());
    if (int(files.size()) > maxImages)
      throw IoError("the image folder '" + folder + "' holds more than " +
                    std::to_string(maxImages) + " images");
  }
  if (error) throw IoError("cannot read the image folder '" + folder + "': " + error.message());
  if (files.empty())
    throw IoError("the image folder '" + folder +
                  "' holds no image file (.png, .jpg, .bmp, .tif, .webp)");
  std::sort(files.begin(), files.end());
  std::vector<RgbImage> images;
  for (const fs::path& file : files) {
    RgbImage image = loadRgbImage(file.string());
    images.push_back(size > 0 ? resizeCentreCrop(image, size) : std::move(image));
  }
  return images;
}

}  // namespace geodex
