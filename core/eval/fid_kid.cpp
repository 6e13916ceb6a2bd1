#include "core/eval/fid_kid.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/errors.h"

namespace geodex {

namespace {

void requireSamples(const Eigen::MatrixXd& features, const char* what) {
  if (features.rows() < 2)
    throw InvalidArgumentError(std::string(what) + " needs at least 2 images per set, got " +
                               std::to_string(features.rows()));
  if (features.cols() < 1) throw InvalidArgumentError(std::string(what) + ": features are empty");
  if (!features.allFinite())
    throw InvalidArgumentError(std::string(what) + ": features contain NaN or infinity");
}

void requireSameFeatureSize(Eigen::Index f1, Eigen::Index f2, const char* what) {
  if (f1 != f2)
    throw InvalidArgumentError(std::string(what) + " compares features of one size, got " +
                               std::to_string(f1) + " and " + std::to_string(f2));
}

// The PSD square root V·diag(√max(λ, 0))·Vᵀ of a symmetric matrix (symmetrised first: rounding
// in a covariance product leaves it slightly asymmetric).
Eigen::MatrixXd psdSquareRoot(const Eigen::MatrixXd& m) {
  const Eigen::MatrixXd symmetric = 0.5 * (m + m.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(symmetric);
  if (eig.info() != Eigen::Success) throw NumericalError("FID: eigen-decomposition failed");
  const Eigen::VectorXd roots = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return eig.eigenvectors() * roots.asDiagonal() * eig.eigenvectors().transpose();
}

// tr of the PSD square root: only the eigenvalues are needed.
double psdSquareRootTrace(const Eigen::MatrixXd& m) {
  const Eigen::MatrixXd symmetric = 0.5 * (m + m.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(symmetric, Eigen::EigenvaluesOnly);
  if (eig.info() != Eigen::Success) throw NumericalError("FID: eigen-decomposition failed");
  return eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
}

}  // namespace

FeatureStatistics featureStatistics(const Eigen::MatrixXd& features) {
  requireSamples(features, "feature statistics");
  FeatureStatistics s;
  s.samples = int(features.rows());
  s.mean = features.colwise().mean().transpose();
  const Eigen::MatrixXd centred = features.rowwise() - s.mean.transpose();
  s.covariance = centred.transpose() * centred / double(features.rows() - 1);
  return s;
}

double frechetDistance(const Eigen::VectorXd& mean1, const Eigen::MatrixXd& covariance1,
                       const Eigen::VectorXd& mean2, const Eigen::MatrixXd& covariance2) {
  const Eigen::Index f = mean1.size();
  if (mean2.size() != f || covariance1.rows() != f || covariance1.cols() != f ||
      covariance2.rows() != f || covariance2.cols() != f)
    throw InvalidArgumentError("Fréchet distance: means and covariances of different sizes (" +
                               std::to_string(f) + " and " + std::to_string(mean2.size()) + ")");
  const Eigen::MatrixXd root1 = psdSquareRoot(covariance1);
  // tr((C₁^½ C₂ C₁^½)^½): the symmetric form keeps the product PSD, unlike sqrtm(C₁ C₂).
  const double cross = psdSquareRootTrace(root1 * covariance2 * root1);
  const double d = (mean1 - mean2).squaredNorm() + covariance1.trace() + covariance2.trace() - 2.0 * cross;
  return std::max(d, 0.0);
}

double frechetDistance(const FeatureStatistics& a, const FeatureStatistics& b) {
  return frechetDistance(a.mean, a.covariance, b.mean, b.covariance);
}

double frechetInceptionDistance(const Eigen::MatrixXd& features1, const Eigen::MatrixXd& features2) {
  requireSamples(features1, "FID");
  requireSamples(features2, "FID");
  requireSameFeatureSize(features1.cols(), features2.cols(), "FID");
  const Eigen::Index f = features1.cols();
  if (std::min(features1.rows(), features2.rows()) >= f)
    return frechetDistance(featureStatistics(features1), featureStatistics(features2));
  // Fewer images than features (the usual case: tens of frames, F = 2048): two F × F
  // eigen-decompositions cost ~20 s each. The same number from the sample matrices: with
  // Aᵢ = (Xᵢ − 1μᵢᵀ)/√(nᵢ − 1), Cᵢ = AᵢᵀAᵢ, and the non-zero eigenvalues of C₁^½C₂C₁^½ (those of
  // C₁C₂) are those of the small symmetric PSD matrix A₁C₂A₁ᵀ = (A₁A₂ᵀ)(A₁A₂ᵀ)ᵀ [n₁ × n₁].
  const Eigen::MatrixXd& small = features1.rows() <= features2.rows() ? features1 : features2;
  const Eigen::MatrixXd& large = features1.rows() <= features2.rows() ? features2 : features1;
  const Eigen::RowVectorXd meanSmall = small.colwise().mean(), meanLarge = large.colwise().mean();
  const Eigen::MatrixXd a1 = (small.rowwise() - meanSmall) / std::sqrt(double(small.rows() - 1));
  const Eigen::MatrixXd a2 = (large.rowwise() - meanLarge) / std::sqrt(double(large.rows() - 1));
  const Eigen::MatrixXd cross = a1 * a2.transpose();  // [n₁ × n₂]
  const double traces = a1.squaredNorm() + a2.squaredNorm();  // tr C = ‖A‖²_F
  const double d = (meanSmall - meanLarge).squaredNorm() + traces -
                   2.0 * psdSquareRootTrace(cross * cross.transpose());
  return std::max(d, 0.0);
}

double kernelInceptionDistance(const Eigen::MatrixXd& features1, const Eigen::MatrixXd& features2) {
  requireSamples(features1, "KID");
  requireSamples(features2, "KID");
  requireSameFeatureSize(features1.cols(), features2.cols(), "KID");
  const double f = double(features1.cols());
  const auto kernel = [f](const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
    return ((x * y.transpose()).array() / f + 1.0).cube().matrix().eval();
  };
  const Eigen::MatrixXd kxx = kernel(features1, features1);
  const Eigen::MatrixXd kyy = kernel(features2, features2);
  const Eigen::MatrixXd kxy = kernel(features1, features2);
  const double m = double(features1.rows()), n = double(features2.rows());
  // Unbiased: the within-set sums leave out the diagonal k(x, x).
  const double xx = (kxx.sum() - kxx.trace()) / (m * (m - 1));
  const double yy = (kyy.sum() - kyy.trace()) / (n * (n - 1));
  return xx + yy - 2.0 * kxy.sum() / (m * n);
}

}  // namespace geodex
