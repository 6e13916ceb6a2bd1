#include "core/geometry/gauss_newton_system.h"

#include "core/util/errors.h"

namespace geodex {

GaussNewtonSystem::GaussNewtonSystem(const PathEnergyEvaluation& evaluation, double damping)
    : segments_(evaluation.steps.cols()), rho_(evaluation.metric.rankOneWeight) {
  const Eigen::Index n = segments_, interior = n - 1;
  if (interior < 1) throw InvalidArgumentError("Gauss–Newton needs a path with interior points");
  const Eigen::VectorXd w = evaluation.metric.isotropicWeight.array() + damping;

  // Interior node j (path node j+1) sits between segments j and j+1.
  Eigen::MatrixXd laplacian = Eigen::MatrixXd::Zero(interior, interior);
  for (Eigen::Index j = 0; j < interior; ++j) {
    laplacian(j, j) = w[j] + w[j + 1];
    if (j + 1 < interior) laplacian(j, j + 1) = laplacian(j + 1, j) = -w[j + 1];
  }
  Eigen::LLT<Eigen::MatrixXd> laplacianFactor(laplacian);
  if (laplacianFactor.info() != Eigen::Success)
    throw NumericalError("path Laplacian is not positive definite (metric weights not positive)");
  laplacianInverse_ = laplacianFactor.solve(Eigen::MatrixXd::Identity(interior, interior));

  if (rho_ <= 0.0) return;
  const MetricEvaluation& m = evaluation.metric;
  if (m.residualWeights.size() > 0) {
    const Eigen::Index k = m.residualWeights.size();
    const Eigen::VectorXd scale = m.residualWeights.cwiseSqrt().replicate(n, 1);
    plusBlocks_ = m.residualEndGradient * scale.asDiagonal();
    minusBlocks_ = m.residualStartGradient * scale.asDiagonal();
    for (Eigen::Index p = 0; p < n * k; ++p) segmentOf_.push_back(p / k);
  } else {
    const Eigen::MatrixXd halfB = 0.5 * m.residualPointDirection;
    plusBlocks_ = m.residualVelocityDirection + halfB;
    minusBlocks_ = -m.residualVelocityDirection + halfB;
    for (Eigen::Index p = 0; p < n; ++p) segmentOf_.push_back(p);
  }
  const Eigen::Index r = plusBlocks_.cols();

  // Aᵀ (L⁻¹ ⊗ I) A from Gram matrices of the blocks: entry (p, q) sums over the interior nodes
  // of the segments of residuals p and q.
  const Eigen::MatrixXd gramPlusPlus = plusBlocks_.transpose() * plusBlocks_;
  const Eigen::MatrixXd gramPlusMinus = plusBlocks_.transpose() * minusBlocks_;
  const Eigen::MatrixXd gramMinusMinus = minusBlocks_.transpose() * minusBlocks_;
  Eigen::MatrixXd capacitance = Eigen::MatrixXd::Identity(r, r);
  for (Eigen::Index p = 0; p < r; ++p) {
    const Eigen::Index i = segmentOf_[p];
    for (Eigen::Index q = 0; q < r; ++q) {
      const Eigen::Index k = segmentOf_[q];
      // Interior index of segment i's plus node is i, of its minus node i − 1.
      double sum = 0.0;
      const bool iPlus = i < interior, iMinus = i >= 1, kPlus = k < interior, kMinus = k >= 1;
      if (iPlus && kPlus) sum += laplacianInverse_(i, k) * gramPlusPlus(p, q);
      if (iPlus && kMinus) sum += laplacianInverse_(i, k - 1) * gramPlusMinus(p, q);
      if (iMinus && kPlus) sum += laplacianInverse_(i - 1, k) * gramPlusMinus(q, p);
      if (iMinus && kMinus) sum += laplacianInverse_(i - 1, k - 1) * gramMinusMinus(p, q);
      capacitance(p, q) += rho_ * sum;
    }
  }
  capacitance_.compute(capacitance);
  if (capacitance_.info() != Eigen::Success)
    throw NumericalError("Gauss–Newton capacitance matrix could not be factorised");
}

Eigen::MatrixXd GaussNewtonSystem::applyLaplacianInverse(const Eigen::MatrixXd& x) const {
  return x * laplacianInverse_;
}

Eigen::MatrixXd GaussNewtonSystem::solve(const Eigen::MatrixXd& rhs) const {
  const Eigen::Index n = segments_, interior = n - 1;
  Eigen::MatrixXd x = applyLaplacianInverse(rhs);
  if (rho_ > 0.0) {
    // Woodbury: (K + ρAAᵀ)⁻¹ r = K⁻¹r − ρ K⁻¹A (I + ρAᵀK⁻¹A)⁻¹ AᵀK⁻¹r.
    const Eigen::Index r = plusBlocks_.cols();
    Eigen::VectorXd z = Eigen::VectorXd::Zero(r);
    for (Eigen::Index p = 0; p < r; ++p) {
      const Eigen::Index i = segmentOf_[p];
      if (i < interior) z[p] += plusBlocks_.col(p).dot(x.col(i));
      if (i >= 1) z[p] += minusBlocks_.col(p).dot(x.col(i - 1));
    }
    const Eigen::VectorXd y = capacitance_.solve(z);
    Eigen::MatrixXd ay = Eigen::MatrixXd::Zero(x.rows(), interior);
    for (Eigen::Index p = 0; p < r; ++p) {
      const Eigen::Index i = segmentOf_[p];
      if (i < interior) ay.col(i) += y[p] * plusBlocks_.col(p);
      if (i >= 1) ay.col(i - 1) += y[p] * minusBlocks_.col(p);
    }
    x -= rho_ * applyLaplacianInverse(ay);
  }
  return x / static_cast<double>(n);
}

}  // namespace geodex
