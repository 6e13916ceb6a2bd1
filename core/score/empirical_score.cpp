#include "core/score/empirical_score.h"

#include <cmath>
#include <numbers>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

EmpiricalScore::EmpiricalScore(Eigen::MatrixXd samples, double sigma, std::string label)
    : samples_(std::move(samples)), sigma_(sigma), label_(std::move(label)) {
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    throw InvalidArgumentError("σ must be positive and finite, got " + numberText(sigma));
  if (samples_.cols() == 0 || samples_.rows() == 0)
    throw InvalidArgumentError("empirical score needs at least one sample");
  if (!samples_.allFinite()) throw InvalidArgumentError("empirical score: non-finite sample");
  sampleSquaredNorms_ = samples_.colwise().squaredNorm().transpose();
  logWeights_ = Eigen::VectorXd::Constant(samples_.cols(), -std::log(double(samples_.cols())));
}

EmpiricalScore::EmpiricalScore(Eigen::MatrixXd samples, const Eigen::VectorXd& weights,
                               double sigma, std::string label)
    : EmpiricalScore(std::move(samples), sigma, std::move(label)) {
  if (weights.size() != samples_.cols())
    throw InvalidArgumentError("empirical score: " + std::to_string(weights.size()) +
                               " weights for " + std::to_string(samples_.cols()) + " samples");
  if (!weights.allFinite() || (weights.array() < 0.0).any() || weights.sum() <= 0.0)
    throw InvalidArgumentError("empirical score: weights must be finite, non-negative, not all 0");
  // Zero weights become −∞ logits, which the softmax maps to exactly 0.
  logWeights_ = (weights / weights.sum()).array().log();
}

Eigen::MatrixXd EmpiricalScore::logits(const Eigen::MatrixXd& points) const {
  // −‖x − y‖²/2σ² = (2 yᵀx − ‖y‖² − ‖x‖²)/2σ²; one GEMM for the whole batch.
  Eigen::MatrixXd out = samples_.transpose() * points;  // [M × B]
  out *= 2.0;
  out.colwise() -= sampleSquaredNorms_;
  out.rowwise() -= points.colwise().squaredNorm();
  out *= 0.5 / (sigma_ * sigma_);
  out.colwise() += logWeights_;
  return out;
}

Eigen::VectorXd EmpiricalScore::softmaxColumns(Eigen::MatrixXd& logits) {
  Eigen::VectorXd logSum(logits.cols());
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    const double peak = logits.col(j).maxCoeff();
    logits.col(j) = (logits.col(j).array() - peak).exp();
    const double total = logits.col(j).sum();
    logits.col(j) /= total;
    logSum[j] = peak + std::log(total);
  }
  return logSum;
}

Eigen::MatrixXd EmpiricalScore::computeScore(const Eigen::MatrixXd& points) const {
  Eigen::MatrixXd weights = logits(points);
  softmaxColumns(weights);
  return (samples_ * weights - points) / (sigma_ * sigma_);
}

Eigen::MatrixXd EmpiricalScore::jacobianProduct(const Eigen::MatrixXd& weights,
                                                const Eigen::MatrixXd& means,
                                                const Eigen::MatrixXd& vectors) const {
  // J v = (Σ wᵢ yᵢ (yᵢᵀv) − m (mᵀv))/σ⁴ − v/σ², m = Σ wᵢ yᵢ.
  const double s2 = sigma_ * sigma_;
  Eigen::MatrixXd projections = samples_.transpose() * vectors;  // yᵢᵀ v_b: [M × B]
  projections.array() *= weights.array();
  Eigen::MatrixXd second = samples_ * projections;  // Σ wᵢ yᵢ (yᵢᵀv)
  const Eigen::RowVectorXd meanDotV = (means.array() * vectors.array()).colwise().sum();
  second -= means * meanDotV.asDiagonal();
  return second / (s2 * s2) - vectors / s2;
}

Eigen::MatrixXd EmpiricalScore::computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                                             const Eigen::MatrixXd& vectors) const {
  Eigen::MatrixXd weights = logits(points);
  softmaxColumns(weights);
  return jacobianProduct(weights, samples_ * weights, vectors);
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> EmpiricalScore::computeScoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  Eigen::MatrixXd weights = logits(points);
  softmaxColumns(weights);
  const Eigen::MatrixXd means = samples_ * weights;
  return {(means - points) / (sigma_ * sigma_), jacobianProduct(weights, means, vectors)};
}

Eigen::VectorXd EmpiricalScore::computeLogDensity(const Eigen::MatrixXd& points) const {
  Eigen::MatrixXd weights = logits(points);
  const Eigen::VectorXd logSum = softmaxColumns(weights);
  const double d = static_cast<double>(samples_.rows());
  // The weights are in the logits already; only the Gaussian's normaliser remains.
  const double logNormaliser = 0.5 * d * std::log(2.0 * std::numbers::pi * sigma_ * sigma_);
  return logSum.array() - logNormaliser;
}

}  // namespace geodex
