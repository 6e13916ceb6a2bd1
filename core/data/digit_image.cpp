#include "core/data/digit_image.h"

#include "core/data/image_io.h"
#include "core/util/errors.h"

namespace geodex {

Eigen::VectorXd digitFromImage(const RgbImage& image, int size) {
  if (image.empty()) throw InvalidArgumentError("the digit image is empty");
  Eigen::VectorXd digit = resizeCentreCrop(image, size).luma().cwiseMax(0.0).cwiseMin(1.0);
  // MNIST digits are white on black: judge the background by the one-pixel border.
  double border = 0.0;
  for (int k = 0; k < size; ++k)
    border += digit[k] + digit[(size - 1) * size + k] + digit[k * size] + digit[k * size + size - 1];
  if (border / (4.0 * size) > 0.5) digit = (1.0 - digit.array()).matrix();
  return digit;
}

}  // namespace geodex
