#include "core/eval/pca_projection.h"

#include <string>

#include "core/util/errors.h"

namespace geodex {

PcaProjection::PcaProjection(const Eigen::MatrixXd& data, int components) {
  const Eigen::Index d = data.rows(), n = data.cols();
  if (n < 2 || components < 1 || components > std::min<Eigen::Index>(d, n - 1))
    throw InvalidArgumentError("PCA needs at least 2 points and 1 ≤ k ≤ min(d, n − 1); got " +
                               std::to_string(n) + " points in R^" + std::to_string(d) +
                               " and k = " + std::to_string(components));
  if (!data.allFinite()) throw InvalidArgumentError("PCA input holds NaN or infinite values");
  mean_ = data.rowwise().mean();
  const Eigen::MatrixXd centred = data.colwise() - mean_;
  // Eigenvectors u of the Gram matrix XᵀX give the principal axes Xu/‖Xu‖ (same eigenvalues).
  const Eigen::MatrixXd gram = centred.transpose() * centred;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
  const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
  axes_.resize(d, components);
  variances_.resize(components);
  for (int k = 0; k < components; ++k) {
    const Eigen::Index column = n - 1 - k;
    const double value = std::max(values[column], 0.0);
    Eigen::VectorXd axis = centred * solver.eigenvectors().col(column);
    const double norm = axis.norm();
    axes_.col(k) = norm > 0 ? Eigen::VectorXd(axis / norm) : Eigen::VectorXd::Zero(d);
    variances_[k] = value / double(n - 1);
  }
  const double total = values.cwiseMax(0.0).sum();
  explained_ = total > 0 ? variances_.sum() * double(n - 1) / total : 0.0;
}

Eigen::MatrixXd PcaProjection::project(const Eigen::MatrixXd& points) const {
  if (points.rows() != mean_.size())
    throw InvalidArgumentError("PCA projection: points have dimension " +
                               std::to_string(points.rows()) + ", the fit has " +
                               std::to_string(mean_.size()));
  return axes_.transpose() * (points.colwise() - mean_);
}

}  // namespace geodex
