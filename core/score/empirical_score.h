#pragma once
// The exact score of the empirical measure of samples yᵢ smoothed by N(0, σ²I):
// s(x) = (Σ wᵢ yᵢ − x)/σ², wᵢ = softmax(−‖x − yᵢ‖²/2σ²), computed batched with a stable
// log-sum-exp. Its Jacobian J = (Cov_w(y))/σ⁴ − I/σ² is symmetric; J v costs one more pass
// over the samples, never a d × d matrix. Samples are columns: [d × M].
#include "core/score/score_model.h"

namespace geodex {

class EmpiricalScore : public ScoreModel {
 public:
  EmpiricalScore(Eigen::MatrixXd samples, double sigma, std::string label = "empirical");
  // A weighted measure Σ wᵢ δ(yᵢ) (weights > 0, normalised here): with quadrature weights on a
  // fine parameter grid this is the smoothed manifold measure itself, free of sampling noise.
  EmpiricalScore(Eigen::MatrixXd samples, const Eigen::VectorXd& weights, double sigma,
                 std::string label);

  std::string name() const override { return label_; }
  int dimension() const override { return static_cast<int>(samples_.rows()); }
  bool isGradientField() const override { return true; }
  bool hasLogDensity() const override { return true; }
  double sigma() const { return sigma_; }
  const Eigen::MatrixXd& samples() const { return samples_; }

 protected:
  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const override;
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override;
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> computeScoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd computeLogDensity(const Eigen::MatrixXd& points) const override;

 private:
  // Log-weights before normalisation, −‖x − yᵢ‖²/2σ²: [M × B].
  Eigen::MatrixXd logits(const Eigen::MatrixXd& points) const;
  // Softmax over samples of each column of `logits`, in place; returns log Σ exp per column.
  static Eigen::VectorXd softmaxColumns(Eigen::MatrixXd& logits);
  Eigen::MatrixXd jacobianProduct(const Eigen::MatrixXd& weights, const Eigen::MatrixXd& means,
                                  const Eigen::MatrixXd& vectors) const;

  Eigen::MatrixXd samples_;
  Eigen::VectorXd sampleSquaredNorms_;
  Eigen::VectorXd logWeights_;  // log wᵢ, Σ wᵢ = 1
  double sigma_;
  std::string label_;
};

}  // namespace geodex
