#include "core/geometry/path_energy_hessian_product.h"

#include <cmath>

#include "core/util/errors.h"

namespace geodex {

PathEnergyHessianProduct::PathEnergyHessianProduct(const PathEnergy& energy,
                                                   const Eigen::MatrixXd& path,
                                                   const Eigen::MatrixXd& gradient,
                                                   double displacement)
    : energy_(energy), path_(path), gradient_(gradient), interior_(path.cols() - 2) {
  if (interior_ < 1)
    throw InvalidArgumentError("a Hessian product needs at least one interior point");
  if (gradient.rows() != path.rows() || gradient.cols() != path.cols())
    throw InvalidArgumentError("Hessian product: the gradient must have the path's shape");
  if (!(displacement > 0.0) || !std::isfinite(displacement))
    throw InvalidArgumentError("Hessian product: the displacement must be positive");
  displacement_ = displacement;
}

double PathEnergyHessianProduct::stepAlong(const Eigen::MatrixXd& direction) const {
  if (direction.rows() != path_.rows() || direction.cols() != interior_)
    throw InvalidArgumentError("Hessian product: direction must be [d × interior points]");
  const double norm = direction.norm();
  return norm > 0.0 ? displacement_ / norm : 0.0;
}

Eigen::MatrixXd PathEnergyHessianProduct::interiorGradient(const Eigen::MatrixXd& direction,
                                                           double h) const {
  Eigen::MatrixXd moved = path_;
  moved.middleCols(1, interior_) += h * direction;
  return energy_.evaluate(moved, true).gradient.middleCols(1, interior_);
}

Eigen::MatrixXd PathEnergyHessianProduct::apply(const Eigen::MatrixXd& direction) const {
  const double h = stepAlong(direction);
  if (h == 0.0) return Eigen::MatrixXd::Zero(direction.rows(), direction.cols());
  return (interiorGradient(direction, h) - gradient_.middleCols(1, interior_)) / h;
}

Eigen::MatrixXd PathEnergyHessianProduct::applyCentral(const Eigen::MatrixXd& direction) const {
  const double h = stepAlong(direction);
  if (h == 0.0) return Eigen::MatrixXd::Zero(direction.rows(), direction.cols());
  return (interiorGradient(direction, h) - interiorGradient(direction, -h)) / (2.0 * h);
}

}  // namespace geodex
