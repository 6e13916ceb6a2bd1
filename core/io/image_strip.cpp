#include "core/io/image_strip.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

std::string encodeImageStripPng(const std::vector<Eigen::MatrixXd>& rows, int imageRows,
                                int imageCols, int scale) {
  if (rows.empty() || imageRows <= 0 || imageCols <= 0 || scale < 1)
    throw InvalidArgumentError("image strip: nothing to draw or bad image size");
  const int gap = 2 * scale;
  const int cellH = imageRows * scale, cellW = imageCols * scale;
  Eigen::Index most = 0;
  for (const auto& row : rows) {
    if (row.rows() != Eigen::Index(imageRows) * imageCols)
      throw InvalidArgumentError("image strip: a row holds images of " +
                                 std::to_string(row.rows()) + " pixels, expected " +
                                 std::to_string(imageRows * imageCols));
    most = std::max(most, row.cols());
  }
  const int height = int(rows.size()) * (cellH + gap) + gap;
  const int width = int(most) * (cellW + gap) + gap;
  cv::Mat canvas(height, width, CV_8U, cv::Scalar(128));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (Eigen::Index c = 0; c < rows[r].cols(); ++c) {
      cv::Mat image(imageRows, imageCols, CV_8U);
      for (int p = 0; p < imageRows * imageCols; ++p)
        image.data[p] = std::uint8_t(std::lround(std::clamp(rows[r](p, c), 0.0, 1.0) * 255.0));
      cv::Mat big;
      cv::resize(image, big, cv::Size(cellW, cellH), 0, 0, cv::INTER_NEAREST);
      big.copyTo(canvas(
          cv::Rect(gap + int(c) * (cellW + gap), gap + int(r) * (cellH + gap), cellW, cellH)));
    }
  }
  std::vector<unsigned char> png;
  if (!cv::imencode(".png", canvas, png)) throw IoError("image strip: PNG encoding failed");
  return std::string(png.begin(), png.end());
}

void writeImageStripPng(const std::string& path, const std::vector<Eigen::MatrixXd>& rows,
                        int imageRows, int imageCols, int scale) {
  writeFileAtomically(path, encodeImageStripPng(rows, imageRows, imageCols, scale));
}

}  // namespace geodex
