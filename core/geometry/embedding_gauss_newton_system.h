#pragma once
// The Gauss–Newton model of a pullback metric's node-form energy (see NodeEmbedding), over the
// path refined into K pieces per segment (points pₘ, linear in the nodes: p = P x):
//   E ≈ (NK/2) Σₘ ‖rₘ + Bₘ₊₁δpₘ₊₁ − Bₘδpₘ‖²,  rₘ = φ(pₘ₊₁) − φ(pₘ), Bₘ = Dφ(pₘ),
// so H = NK · Pᵀ Bᵀ(L ⊗ I)B P over the interior nodes (L the refined path's Laplacian). B has
// no rank-one structure (for the score pullback it holds the whole score Jacobian), so H is
// applied matrix-free — one Jacobian product and one transpose product per refined point — and
// solved by conjugate gradients preconditioned with c·N(L ⊗ I) on the nodes, c the Rayleigh
// quotient of H against N(L ⊗ I) along the right-hand side. Inexact: a few dozen iterations give a
// descent direction the line search takes.
#include <Eigen/Dense>

#include "core/geometry/node_embedding.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"

namespace geodex {

class EmbeddingGaussNewtonSystem {
 public:
  // `evaluation` from PathEnergy::evaluate on a metric whose nodeEmbedding() is `embedding`.
  EmbeddingGaussNewtonSystem(const NodeEmbedding& embedding, const PathEnergyEvaluation& evaluation,
                             int maxIterations = 40, double relativeTolerance = 1e-4);
  // H⁻¹ rhs (approximately) for rhs [d × (N−1)] over the interior points.
  Eigen::MatrixXd solve(const Eigen::MatrixXd& rhs) const;
  // H applied to interior displacements [d × (N−1)].
  Eigen::MatrixXd applyHessian(const Eigen::MatrixXd& direction) const;

 private:
  // N(L ⊗ I) on the nodes, applied and inverted.
  Eigen::MatrixXd applyNodeLaplacian(const Eigen::MatrixXd& x) const;
  Eigen::MatrixXd applyPreconditioner(const Eigen::MatrixXd& residual, double stretch) const;

  const NodeEmbedding& embedding_;
  RefinedPolygon refinement_;
  Eigen::Index segments_ = 0;
  Eigen::MatrixXd refinedInterior_;  // the refined path's inner points [d × (NK−1)]
  Eigen::MatrixXd laplacianInverse_;  // node Laplacian⁻¹ [(N−1) × (N−1)]
  int maxIterations_;
  double relativeTolerance_;
  mutable int lastIterations_ = 0;
};

}  // namespace geodex
