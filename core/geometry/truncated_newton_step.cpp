#include "core/geometry/truncated_newton_step.h"

#include <algorithm>
#include <cmath>

#include "core/util/errors.h"

namespace geodex {

namespace {
double dot(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return (a.array() * b.array()).sum();
}

// τ ≥ 0 with ‖p + τd‖ = radius, for ‖p‖ ≤ radius.
double toBoundary(const Eigen::MatrixXd& p, const Eigen::MatrixXd& d, double radius) {
  const double dd = d.squaredNorm(), pd = dot(p, d), pp = p.squaredNorm();
  return (-pd + std::sqrt(std::max(0.0, pd * pd + dd * (radius * radius - pp)))) / dd;
}
}  // namespace

TruncatedNewtonStep::Result TruncatedNewtonStep::solve(const Eigen::MatrixXd& gradient,
                                                       const Operator& hessianTimes,
                                                       const Operator& preconditionerInverse,
                                                       int maxProducts, double forcing,
                                                       double radius) {
  if (maxProducts < 1) throw InvalidArgumentError("a truncated Newton step needs a product");
  Result out;
  Eigen::MatrixXd residual = -gradient;  // −(g + Hp) at p = 0
  Eigen::MatrixXd preconditioned = preconditionerInverse(residual);
  double residualDot = dot(residual, preconditioned);
  out.direction = Eigen::MatrixXd::Zero(gradient.rows(), gradient.cols());
  if (!(residualDot > 0.0)) {  // a zero gradient or a preconditioner that is not definite
    out.direction = preconditioned;
    return out;
  }
  const double target = forcing * forcing * residualDot;
  Eigen::MatrixXd search = preconditioned;
  while (out.products < maxProducts) {
    const Eigen::MatrixXd product = hessianTimes(search);
    ++out.products;
    const double curvature = dot(search, product);
    if (!(curvature > 0.0) || !std::isfinite(curvature)) {
      out.negativeCurvature = true;
      if (radius > 0.0 && std::isfinite(curvature))
        out.direction += toBoundary(out.direction, search, radius) * search;
      else if (out.products == 1)
        out.direction = preconditioned;
      return out;
    }
    const double alpha = residualDot / curvature;
    if (radius > 0.0 && (out.direction + alpha * search).norm() >= radius) {
      out.direction += toBoundary(out.direction, search, radius) * search;
      return out;
    }
    out.direction += alpha * search;
    residual -= alpha * product;
    preconditioned = preconditionerInverse(residual);
    const double nextDot = dot(residual, preconditioned);
    if (nextDot <= target) {
      out.converged = true;
      return out;
    }
    search = preconditioned + (nextDot / residualDot) * search;
    residualDot = nextDot;
  }
  return out;
}

}  // namespace geodex
