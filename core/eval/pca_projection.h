#pragma once
// Principal component projection of high-dimensional points (images as columns) onto their
// first k principal axes: for drawing the shape of an image manifold (the closed curve of a
// digit's rotations) in 2D or 3D. Fitted through the n × n Gram matrix, so d = 784 or more costs
// O(n²d), never a d × d matrix.
#include <Eigen/Dense>

namespace geodex {

class PcaProjection {
 public:
  // data [d × n], n ≥ 2; k ≤ min(d, n − 1). Throws InvalidArgumentError otherwise.
  PcaProjection(const Eigen::MatrixXd& data, int components);

  // Coordinates of points [d × m] along the axes: [k × m].
  Eigen::MatrixXd project(const Eigen::MatrixXd& points) const;

  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::MatrixXd& axes() const { return axes_; }  // [d × k], orthonormal columns
  // Variance along each axis [k], decreasing, and the fraction of the total they explain.
  const Eigen::VectorXd& variances() const { return variances_; }
  double explainedFraction() const { return explained_; }

 private:
  Eigen::VectorXd mean_;
  Eigen::MatrixXd axes_;
  Eigen::VectorXd variances_;
  double explained_ = 0.0;
};

}  // namespace geodex
