#include "core/pipelines/rotated_digit_embedding.h"

#include "core/data/rotated_mnist.h"

namespace geodex {

namespace {

Eigen::MatrixXd rotationsOf(const Eigen::VectorXd& digit, int rows, int cols, int rotations) {
  return rotatedCopies(digit, rows, cols, evenlySpacedAngles(0, 360, rotations, false));
}

}  // namespace

RotatedDigitEmbedding::RotatedDigitEmbedding(const Eigen::VectorXd& digit, int rows, int cols,
                                             int rotations)
    : RotatedDigitEmbedding(rotationsOf(digit, rows, cols, rotations)) {}

RotatedDigitEmbedding::RotatedDigitEmbedding(const Eigen::MatrixXd& rotations)
    : pca_(rotations, 3), curve_(pca_.project(rotations)) {}

Eigen::MatrixXd RotatedDigitEmbedding::project(const Eigen::MatrixXd& images) const {
  if (images.cols() == 0) return Eigen::MatrixXd(3, 0);
  return pca_.project(images);
}

}  // namespace geodex
