#include "ui/common/grey_images.h"

#include <algorithm>
#include <cmath>

namespace geodex {

QImage greyImage(const Eigen::VectorXd& pixels, int rows, int cols) {
  QImage image(cols, rows, QImage::Format_Grayscale8);
  for (int r = 0; r < rows; ++r) {
    uchar* line = image.scanLine(r);
    for (int c = 0; c < cols; ++c)
      line[c] = uchar(std::lround(std::clamp(pixels[r * cols + c], 0.0, 1.0) * 255.0));
  }
  return image;
}

std::vector<QImage> greyImages(const Eigen::MatrixXd& columns, int rows, int cols) {
  std::vector<QImage> out;
  for (Eigen::Index j = 0; j < columns.cols(); ++j)
    out.push_back(greyImage(columns.col(j), rows, cols));
  return out;
}

}  // namespace geodex
