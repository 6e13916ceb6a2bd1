#include "core/geometry/path_energy_hessian.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/util/errors.h"

namespace geodex {

PathEnergyHessian::PathEnergyHessian(const PathEnergy& energy, const Eigen::MatrixXd& path,
                                     const Eigen::MatrixXd& gradient)
    : dimension_(path.rows()), interior_(path.cols() - 2) {
  if (interior_ < 1) throw InvalidArgumentError("a Hessian needs at least one interior point");
  if (gradient.rows() != path.rows() || gradient.cols() != path.cols())
    throw InvalidArgumentError("Hessian: the gradient must have the path's shape");
  const Eigen::Index d = dimension_, n = interior_ * dimension_;
  // Forward differences: error O(h) from the truncation, O(ε/h) from rounding; a Newton step
  // needs only a few correct digits of H.
  const double h = std::sqrt(std::numeric_limits<double>::epsilon()) *
                   std::max(1.0, path.cwiseAbs().maxCoeff());
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(std::size_t(3 * n * d));
  for (Eigen::Index colour = 0; colour < 3; ++colour) {
    for (Eigen::Index k = 0; k < d; ++k) {
      Eigen::MatrixXd moved = path;
      for (Eigen::Index j = 1 + colour; j <= interior_; j += 3) moved(k, j) += h;
      const Eigen::MatrixXd change = (energy.evaluate(moved, true).gradient - gradient) / h;
      // Node i's gradient moved only through the one moved node among i−1, i, i+1.
      for (Eigen::Index i = 1; i <= interior_; ++i)
        for (Eigen::Index j = std::max<Eigen::Index>(1, i - 1); j <= std::min(interior_, i + 1); ++j)
          if ((j - 1) % 3 == colour)
            for (Eigen::Index r = 0; r < d; ++r)
              entries.emplace_back((i - 1) * d + r, (j - 1) * d + k, change(r, i));
    }
  }
  Eigen::SparseMatrix<double> raw(n, n);
  raw.setFromTriplets(entries.begin(), entries.end());
  hessian_ = 0.5 * (raw + Eigen::SparseMatrix<double>(raw.transpose()));
  cholesky_.compute(hessian_);
  const double segments = double(interior_ + 1);
  std::vector<Eigen::Triplet<double>> laplacian;
  for (Eigen::Index i = 0; i < interior_; ++i)
    for (Eigen::Index r = 0; r < d; ++r) {
      laplacian.emplace_back(i * d + r, i * d + r, 2.0 * segments);
      if (i + 1 < interior_) {
        laplacian.emplace_back(i * d + r, (i + 1) * d + r, -segments);
        laplacian.emplace_back((i + 1) * d + r, i * d + r, -segments);
      }
    }
  euclidean_.resize(n, n);
  euclidean_.setFromTriplets(laplacian.begin(), laplacian.end());
}

std::optional<Eigen::MatrixXd> PathEnergyHessian::newtonStep(const Eigen::MatrixXd& gradient) const {
  if (gradient.rows() != dimension_ || gradient.cols() != interior_)
    throw InvalidArgumentError("Newton step: gradient must be [d × interior points]");
  if (!positiveDefinite()) return std::nullopt;
  const Eigen::VectorXd g = Eigen::Map<const Eigen::VectorXd>(gradient.data(), gradient.size());
  Eigen::VectorXd step = -cholesky_.solve(g);
  if (!step.allFinite()) return std::nullopt;
  return Eigen::Map<Eigen::MatrixXd>(step.data(), dimension_, interior_);
}

std::optional<Eigen::MatrixXd> PathEnergyHessian::dampedStep(const Eigen::MatrixXd& gradient,
                                                             double shift) const {
  if (shift <= 0.0) return newtonStep(gradient);
  if (gradient.rows() != dimension_ || gradient.cols() != interior_)
    throw InvalidArgumentError("Newton step: gradient must be [d × interior points]");
  const Eigen::SimplicialLLT<Eigen::SparseMatrix<double>> damped(
      Eigen::SparseMatrix<double>(hessian_ + shift * euclidean_));
  if (damped.info() != Eigen::Success) return std::nullopt;
  const Eigen::VectorXd g = Eigen::Map<const Eigen::VectorXd>(gradient.data(), gradient.size());
  Eigen::VectorXd step = -damped.solve(g);
  if (!step.allFinite()) return std::nullopt;
  return Eigen::Map<Eigen::MatrixXd>(step.data(), dimension_, interior_);
}

}  // namespace geodex
