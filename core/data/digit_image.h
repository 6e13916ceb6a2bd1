#pragma once
// A digit from an ordinary image file (a scan, a drawing, an exported strip frame) in MNIST's
// form: grey, square, white strokes on black, values in [0, 1].
#include <Eigen/Dense>

#include "core/data/rgb_image.h"

namespace geodex {

// Scales and centre-crops to size × size (resizeCentreCrop), takes the luma and, when the
// border is mostly bright (dark strokes on white paper), inverts it. Returns a row-major
// [size·size] vector. Throws InvalidArgumentError for an empty image or size ≤ 0.
Eigen::VectorXd digitFromImage(const RgbImage& image, int size);

}  // namespace geodex
