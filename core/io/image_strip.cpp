#include "core/io/image_strip.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/data/rgb_image_cv.h"
#include "core/util/errors.h"
#include "core/util/stderr_capture.h"

namespace geodex {

namespace {

// Lays out 8-bit cells (all of one type) on a grey canvas, each centred in a cell of the
// largest size, `gap` pixels apart, and encodes it as PNG.
std::string composeStripPng(const std::vector<std::vector<cv::Mat>>& rows, int type, int gap) {
  int cellH = 0, cellW = 0;
  std::size_t most = 0;
  for (const auto& row : rows) {
    most = std::max(most, row.size());
    for (const cv::Mat& cell : row) {
      cellH = std::max(cellH, cell.rows);
      cellW = std::max(cellW, cell.cols);
    }
  }
  if (most == 0) throw InvalidArgumentError("image strip: nothing to draw");
  const int height = int(rows.size()) * (cellH + gap) + gap;
  const int width = int(most) * (cellW + gap) + gap;
  cv::Mat canvas(height, width, type, cv::Scalar::all(128));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const cv::Mat& cell = rows[r][c];
      const int x = gap + int(c) * (cellW + gap) + (cellW - cell.cols) / 2;
      const int y = gap + int(r) * (cellH + gap) + (cellH - cell.rows) / 2;
      cell.copyTo(canvas(cv::Rect(x, y, cell.cols, cell.rows)));
    }
  std::vector<unsigned char> png;
  StderrCapture chatter;  // libpng's and OpenCV's lines: details for --verbose, not stderr
  const bool encoded = cv::imencode(".png", canvas, png);
  const std::string details = chatter.finish();
  if (!encoded) throw WriteError("image strip: PNG encoding failed", details);
  return std::string(png.begin(), png.end());
}

}  // namespace

std::string encodeImageStripPng(const std::vector<Eigen::MatrixXd>& rows, int imageRows,
                                int imageCols, int scale) {
  if (rows.empty() || imageRows <= 0 || imageCols <= 0 || scale < 1)
    throw InvalidArgumentError("image strip: nothing to draw or bad image size");
  const int cellH = imageRows * scale, cellW = imageCols * scale;
  std::vector<std::vector<cv::Mat>> cells(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].rows() != Eigen::Index(imageRows) * imageCols)
      throw InvalidArgumentError("image strip: a row holds images of " +
                                 std::to_string(rows[r].rows()) + " pixels, expected " +
                                 std::to_string(imageRows * imageCols));
    for (Eigen::Index c = 0; c < rows[r].cols(); ++c) {
      cv::Mat image(imageRows, imageCols, CV_8U);
      for (int p = 0; p < imageRows * imageCols; ++p)
        image.data[p] = std::uint8_t(std::lround(std::clamp(rows[r](p, c), 0.0, 1.0) * 255.0));
      cv::Mat big;
      cv::resize(image, big, cv::Size(cellW, cellH), 0, 0, cv::INTER_NEAREST);
      cells[r].push_back(big);
    }
  }
  return composeStripPng(cells, CV_8U, 2 * scale);
}

std::string encodeRgbImageStripPng(const std::vector<std::vector<RgbImage>>& rows, int gap) {
  if (rows.empty() || gap < 0)
    throw InvalidArgumentError("image strip: nothing to draw or gap < 0");
  std::vector<std::vector<cv::Mat>> cells(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const RgbImage& image : rows[r]) cells[r].push_back(toBgr8(image));
  return composeStripPng(cells, CV_8UC3, gap);
}

}  // namespace geodex
