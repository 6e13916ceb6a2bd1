#include "core/geometry/gauss_newton_system.h"

#include "core/util/errors.h"

namespace geodex {

GaussNewtonSystem::GaussNewtonSystem(const PathEnergyEvaluation& evaluation)
    : segments_(evaluation.steps.cols()), rho_(evaluation.metric.rankOneWeight) {
  const Eigen::Index n = segments_, interior = n - 1;
  if (interior < 1) throw InvalidArgumentError("Gauss–Newton needs a path with interior points");
  const Eigen::VectorXd& w = evaluation.metric.isotropicWeight;

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
  const Eigen::MatrixXd& s = evaluation.metric.residualVelocityDirection;
  const Eigen::MatrixXd halfB = 0.5 * evaluation.metric.residualPointDirection;
  plusBlocks_ = s + halfB;
  minusBlocks_ = -s + halfB;

  // Aᵀ (L⁻¹ ⊗ I) A from Gram matrices of the blocks: entry (i, k) sums over the interior
  // nodes of segments i and k.
  const Eigen::MatrixXd gramPlusPlus = plusBlocks_.transpose() * plusBlocks_;
  const Eigen::MatrixXd gramPlusMinus = plusBlocks_.transpose() * minusBlocks_;
  const Eigen::MatrixXd gramMinusMinus = minusBlocks_.transpose() * minusBlocks_;
  Eigen::MatrixXd capacitance = Eigen::MatrixXd::Identity(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index k = 0; k < n; ++k) {
      // Interior index of segment i's plus node is i, of its minus node i − 1.
      double sum = 0.0;
      const bool iPlus = i < interior, iMinus = i >= 1, kPlus = k < interior, kMinus = k >= 1;
      if (iPlus && kPlus) sum += laplacianInverse_(i, k) * gramPlusPlus(i, k);
      if (iPlus && kMinus) sum += laplacianInverse_(i, k - 1) * gramPlusMinus(i, k);
      if (iMinus && kPlus) sum += laplacianInverse_(i - 1, k) * gramPlusMinus(k, i);
      if (iMinus && kMinus) sum += laplacianInverse_(i - 1, k - 1) * gramMinusMinus(i, k);
      capacitance(i, k) += rho_ * sum;
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
    Eigen::VectorXd z = Eigen::VectorXd::Zero(n);
    z.head(interior) += (plusBlocks_.leftCols(interior).array() * x.array()).colwise().sum().matrix().transpose();
    z.tail(interior) += (minusBlocks_.rightCols(interior).array() * x.array()).colwise().sum().matrix().transpose();
    const Eigen::VectorXd y = capacitance_.solve(z);
    Eigen::MatrixXd ay = plusBlocks_.leftCols(interior) * y.head(interior).asDiagonal();
    ay += minusBlocks_.rightCols(interior) * y.tail(interior).asDiagonal();
    x -= rho_ * applyLaplacianInverse(ay);
  }
  return x / static_cast<double>(n);
}

}  // namespace geodex
