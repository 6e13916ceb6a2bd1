#include "core/geometry/embedding_gauss_newton_system.h"

#include <cmath>

#include "core/util/errors.h"

namespace geodex {

namespace {
// (L ⊗ I) u along a path whose two ends are fixed (their displacement is zero).
Eigen::MatrixXd pathLaplacian(const Eigen::MatrixXd& u) {
  Eigen::MatrixXd lu = 2.0 * u;
  const Eigen::Index n = u.cols();
  if (n > 1) {
    lu.leftCols(n - 1) -= u.rightCols(n - 1);
    lu.rightCols(n - 1) -= u.leftCols(n - 1);
  }
  return lu;
}
}  // namespace

EmbeddingGaussNewtonSystem::EmbeddingGaussNewtonSystem(const NodeEmbedding& embedding,
                                                       const PathEnergyEvaluation& evaluation,
                                                       int maxIterations,
                                                       double relativeTolerance)
    : embedding_(embedding),
      refinement_(embedding.segmentPieces()),
      segments_(evaluation.nodes.cols() - 1),
      maxIterations_(maxIterations),
      relativeTolerance_(relativeTolerance) {
  const Eigen::Index interior = segments_ - 1;
  if (interior < 1) throw InvalidArgumentError("Gauss–Newton needs a path with interior points");
  const Eigen::MatrixXd refined = refinement_.spread(evaluation.nodes);
  refinedInterior_ = refined.middleCols(1, refined.cols() - 2);
  Eigen::MatrixXd laplacian = Eigen::MatrixXd::Zero(interior, interior);
  for (Eigen::Index j = 0; j < interior; ++j) {
    laplacian(j, j) = 2.0;
    if (j + 1 < interior) laplacian(j, j + 1) = laplacian(j + 1, j) = -1.0;
  }
  laplacianInverse_ = laplacian.llt().solve(Eigen::MatrixXd::Identity(interior, interior));
}

Eigen::MatrixXd EmbeddingGaussNewtonSystem::applyHessian(const Eigen::MatrixXd& direction) const {
  const Eigen::Index d = direction.rows();
  Eigen::MatrixXd nodes = Eigen::MatrixXd::Zero(d, segments_ + 1);
  nodes.middleCols(1, segments_ - 1) = direction;
  const Eigen::MatrixXd refined = refinement_.spread(nodes);
  const Eigen::Index inner = refined.cols() - 2;
  const Eigen::MatrixXd u =
      embedding_.embeddingJacobianProduct(refinedInterior_, refined.middleCols(1, inner));
  Eigen::MatrixXd back = Eigen::MatrixXd::Zero(d, refined.cols());
  back.middleCols(1, inner) =
      embedding_.embeddingJacobianTransposeProduct(refinedInterior_, pathLaplacian(u));
  return double(refined.cols() - 1) * refinement_.gather(back).middleCols(1, segments_ - 1);
}

Eigen::MatrixXd EmbeddingGaussNewtonSystem::applyNodeLaplacian(const Eigen::MatrixXd& x) const {
  return double(segments_) * pathLaplacian(x);
}

Eigen::MatrixXd EmbeddingGaussNewtonSystem::applyPreconditioner(const Eigen::MatrixXd& residual,
                                                                double stretch) const {
  return residual * laplacianInverse_ / (stretch * double(segments_));
}

Eigen::MatrixXd EmbeddingGaussNewtonSystem::solve(const Eigen::MatrixXd& rhs) const {
  if (rhs.rows() != refinedInterior_.rows() || rhs.cols() != segments_ - 1)
    throw InvalidArgumentError("Gauss–Newton right-hand side has the wrong shape");
  lastIterations_ = 0;
  const double rhsNorm = rhs.norm();
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(rhs.rows(), rhs.cols());
  if (rhsNorm == 0.0) return x;
  // The first Hessian product doubles as the probe that scales the preconditioner.
  Eigen::MatrixXd hp = applyHessian(rhs);
  const double euclidean = (rhs.array() * applyNodeLaplacian(rhs).array()).sum();
  const double stretch = std::max((rhs.array() * hp.array()).sum() / euclidean, 1e-300);

  Eigen::MatrixXd r = rhs;
  Eigen::MatrixXd z = applyPreconditioner(r, stretch);
  Eigen::MatrixXd p = z;
  double rz = (r.array() * z.array()).sum();
  for (int it = 0; it < maxIterations_; ++it) {
    hp = applyHessian(p);
    const double curvature = (p.array() * hp.array()).sum();
    if (!(curvature > 0.0) || !std::isfinite(curvature)) break;  // keep the last descent iterate
    const double alpha = rz / curvature;
    x += alpha * p;
    r -= alpha * hp;
    lastIterations_ = it + 1;
    if (r.norm() <= relativeTolerance_ * rhsNorm) break;
    z = applyPreconditioner(r, stretch);
    const double rzNext = (r.array() * z.array()).sum();
    p = z + (rzNext / rz) * p;
    rz = rzNext;
  }
  if (lastIterations_ == 0) return applyPreconditioner(rhs, stretch);
  return x;
}

}  // namespace geodex
