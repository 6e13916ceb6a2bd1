#include "core/data/rgb_image.h"

#include <string>

#include "core/util/errors.h"

namespace geodex {

RgbImage::RgbImage(int rows_, int cols_) : rows(rows_), cols(cols_) {
  if (rows <= 0 || cols <= 0)
    throw InvalidArgumentError("RGB image size must be positive, got " + std::to_string(rows) +
                               "×" + std::to_string(cols));
  pixels = Eigen::VectorXf::Zero(3 * Eigen::Index(rows) * cols);
}

RgbImage::RgbImage(int rows_, int cols_, Eigen::VectorXf chw) : RgbImage(rows_, cols_) {
  if (chw.size() != pixels.size())
    throw InvalidArgumentError("RGB image of " + std::to_string(rows) + "×" + std::to_string(cols) +
                               " needs " + std::to_string(pixels.size()) + " CHW values, got " +
                               std::to_string(chw.size()));
  pixels = std::move(chw);
}

Eigen::VectorXf RgbImage::toSignedRange() const {
  return (2.0f * pixels.array() - 1.0f).matrix();
}

RgbImage RgbImage::fromSignedRange(int rows, int cols, const Eigen::VectorXf& chw) {
  return RgbImage(rows, cols, ((chw.array() + 1.0f) * 0.5f).matrix());
}

Eigen::VectorXd RgbImage::luma() const {
  const Eigen::Index n = Eigen::Index(rows) * cols;
  return (0.299 * pixels.segment(0, n).cast<double>() +
          0.587 * pixels.segment(n, n).cast<double>() +
          0.114 * pixels.segment(2 * n, n).cast<double>());
}

}  // namespace geodex
