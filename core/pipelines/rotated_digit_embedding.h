#pragma once
// The picture of the Rotated MNIST mode: a digit's rotations through their first three
// principal axes — a closed curve, the data manifold seen from outside — and any images (the
// true rotations, a path) projected the same way.
#include <Eigen/Dense>

#include "core/eval/pca_projection.h"

namespace geodex {

class RotatedDigitEmbedding {
 public:
  static constexpr int kRotations = 360;

  // digit [rows·cols] in [0, 1]; the PCA is fitted to `rotations` copies 360°/rotations apart.
  RotatedDigitEmbedding(const Eigen::VectorXd& digit, int rows, int cols,
                        int rotations = kRotations);

  // The rotations' curve [3 × rotations] (closed).
  const Eigen::MatrixXd& curve() const { return curve_; }
  // Images [rows·cols × n] → [3 × n]; no columns give no columns.
  Eigen::MatrixXd project(const Eigen::MatrixXd& images) const;

 private:
  explicit RotatedDigitEmbedding(const Eigen::MatrixXd& rotations);

  PcaProjection pca_;
  Eigen::MatrixXd curve_;
};

}  // namespace geodex
