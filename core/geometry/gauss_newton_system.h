#pragma once
// The Gauss–Newton model of the path energy around a path, for its interior points:
//   H = N (L_w ⊗ I_d + ρ Σᵢ aᵢaᵢᵀ),
// L_w the tridiagonal path Laplacian weighted by the metric's isotropic part wᵢ, and aᵢ the
// gradient of segment i's residual rᵢ with respect to the path (for the score metric,
// rᵢ = s(mᵢ)ᵀΔᵢ, so aᵢ has blocks ±sᵢ + ½Jᵢᵀ Δᵢ on the segment's two ends).
// H is solved exactly with the Woodbury identity: a tridiagonal solve per coordinate plus an
// N × N dense system. Cost O(N² d + N³), no d × d matrix, no extra score evaluations.
#include <Eigen/Dense>
#include <vector>

#include "core/geometry/path_energy.h"

namespace geodex {

class GaussNewtonSystem {
 public:
  // `evaluation` must come from PathEnergy::evaluate(..., withGradient = true).
  // damping μ ≥ 0 adds μ·N·(L ⊗ I), the Euclidean path energy's Hessian (Levenberg–Marquardt in
  // the path's own norm): the isotropic weights become wᵢ + μ.
  explicit GaussNewtonSystem(const PathEnergyEvaluation& evaluation, double damping = 0.0);
  // H⁻¹ rhs for rhs [d × (N−1)] over the interior points.
  Eigen::MatrixXd solve(const Eigen::MatrixXd& rhs) const;

 private:
  // (L_w)⁻¹ applied along the path: X L_w⁻¹ for X [d × (N−1)].
  Eigen::MatrixXd applyLaplacianInverse(const Eigen::MatrixXd& x) const;

  Eigen::Index segments_ = 0;
  double rho_ = 0.0;
  Eigen::MatrixXd laplacianInverse_;  // (L_w)⁻¹ [(N−1) × (N−1)]
  // Residual p's gradient at its segment's end node (sᵢ + ½bᵢ for one residual per segment) and
  // start node (−sᵢ + ½bᵢ), each scaled by √(its weight): [d × R], R residuals.
  Eigen::MatrixXd plusBlocks_;
  Eigen::MatrixXd minusBlocks_;
  std::vector<Eigen::Index> segmentOf_;       // residual p belongs to segment segmentOf_[p]
  Eigen::LDLT<Eigen::MatrixXd> capacitance_;  // I + ρ Aᵀ (L_w ⊗ I)⁻¹ A  [R × R]
};

}  // namespace geodex
