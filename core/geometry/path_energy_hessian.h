#pragma once
// The exact Hessian of the path energy over the interior points, by forward differences of its
// analytic gradient, for Newton steps where the Gauss–Newton model is too coarse: that model
// leaves out the residuals' curvature, so near a geodesic that hugs a curved manifold its steps
// converge only linearly. Segment i couples only xᵢ and xᵢ₊₁, so the Hessian is block
// tridiagonal and nodes three apart can be moved together: 3d gradient evaluations whatever the
// path's length, which is cheap in low dimension only (see kMaxDimension).
#include <Eigen/Dense>
#include <Eigen/SparseCholesky>
#include <optional>

#include "core/geometry/path_energy.h"

namespace geodex {

class PathEnergyHessian {
 public:
  // Above this dimension 3d gradient evaluations per step cost more than the Gauss–Newton
  // iterations they save.
  static constexpr int kMaxDimension = 16;

  // path [d × (N+1)] with N ≥ 2 and the energy's gradient there (PathEnergyEvaluation::gradient,
  // same shape); the ends stay fixed.
  PathEnergyHessian(const PathEnergy& energy, const Eigen::MatrixXd& path,
                    const Eigen::MatrixXd& gradient);

  // False far from a minimum, where the caller keeps its Gauss–Newton step.
  bool positiveDefinite() const { return cholesky_.info() == Eigen::Success; }
  // The Newton step −H⁻¹·gradient over the interior points [d × (N−1)] (H is factored once, in
  // the constructor), or nothing when H is not positive definite.
  std::optional<Eigen::MatrixXd> newtonStep(const Eigen::MatrixXd& gradient) const;

  // The step −(H + μ·S)⁻¹·gradient, S = N·(L ⊗ I) the Euclidean path energy's Hessian (L the
  // path Laplacian, N segments): Levenberg–Marquardt damping in the path's own norm, a trust
  // region whose radius shrinks as μ grows. μ = 0 is newtonStep. Nothing when H + μS is not
  // positive definite.
  std::optional<Eigen::MatrixXd> dampedStep(const Eigen::MatrixXd& gradient, double shift) const;

  // H as a dense matrix over the interior coordinates (node-major), for tests.
  Eigen::MatrixXd dense() const { return Eigen::MatrixXd(hessian_); }

 private:
  Eigen::Index dimension_ = 0, interior_ = 0;
  Eigen::SparseMatrix<double> hessian_, euclidean_;
  Eigen::SimplicialLLT<Eigen::SparseMatrix<double>> cholesky_;
};

}  // namespace geodex
