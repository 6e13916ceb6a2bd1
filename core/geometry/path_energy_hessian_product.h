#pragma once
// Products of the path energy's Hessian (over the interior points) with a direction, matrix-free:
// a forward difference of the analytic gradient along the direction, one gradient evaluation per
// product, for truncated Newton steps in high dimension where PathEnergyHessian's 3d gradient
// evaluations cost too much.
#include <Eigen/Dense>

#include "core/geometry/path_energy.h"

namespace geodex {

class PathEnergyHessianProduct {
 public:
  // path [d × (N+1)] with N ≥ 2 and the energy's gradient there (PathEnergyEvaluation::gradient,
  // same shape); the ends stay fixed. Every difference moves the interior points by
  // `displacement` (Frobenius norm, > 0), whatever the direction's length: the scale at which
  // the curvature is measured (see GaussNewtonSolve for the choice).
  PathEnergyHessianProduct(const PathEnergy& energy, const Eigen::MatrixXd& path,
                           const Eigen::MatrixXd& gradient, double displacement);

  // H·direction over the interior points [d × (N−1)]; zero for a zero direction.
  Eigen::MatrixXd apply(const Eigen::MatrixXd& direction) const;
  // The same by a central difference: two gradient evaluations, error O(h²) instead of O(h)
  // (for tests and measurements).
  Eigen::MatrixXd applyCentral(const Eigen::MatrixXd& direction) const;

 private:
  // h with ‖h·direction‖ = displacement (0 for a zero direction).
  double stepAlong(const Eigen::MatrixXd& direction) const;
  Eigen::MatrixXd interiorGradient(const Eigen::MatrixXd& direction, double h) const;

  const PathEnergy& energy_;
  Eigen::MatrixXd path_, gradient_;
  Eigen::Index interior_ = 0;
  double displacement_ = 0.0;
};

}  // namespace geodex
