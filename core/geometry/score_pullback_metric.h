#pragma once
// The score-pullback metric (Saito & Matsubara 2025): g(x) = εI + J(x)ᵀJ(x), J = ∂s/∂x the score's
// Jacobian. It is the pullback of the Euclidean metric under φ(x) = (√ε·x, s(x)), so the discrete
// energy compares the scores of neighbouring nodes: E = (N/2) Σᵢ ‖s(xᵢ₊₁) − s(xᵢ)‖² + ε‖Δᵢ‖².
// Near data smoothed at σ, J ≈ −P_N/σ² (P_N the normal projector): every normal direction is
// stretched, not only the one along s as in I + λssᵀ. Matrix-free: J v and Jᵀv only.
// Point-wise queries that need g itself (inverse, log det, dense tensor, geodesic equation) form J
// from d Jacobian products and are available for small d (≤ kMaxDenseDimension): views, shooting.
#include <memory>

#include "core/geometry/metric.h"
#include "core/geometry/node_embedding.h"

namespace geodex {

class ScorePullbackMetric : public Metric, public NodeEmbedding {
 public:
  static constexpr int kMaxDenseDimension = 64;
  static constexpr double kDefaultEpsilon = 1e-2;

  // Throws InvalidArgumentError unless ε > 0 and finite and 1 ≤ pieces ≤ 16.
  ScorePullbackMetric(std::shared_ptr<const ScoreModel> model, double epsilon = kDefaultEpsilon,
                      int pieces = 1);

  std::string name() const override { return "pullback"; }
  int dimension() const override;
  const ScoreModel* scoreModel() const override { return model_.get(); }
  const NodeEmbedding* nodeEmbedding() const override { return this; }
  double epsilon() const { return epsilon_; }

  // The quadratic form vᵀgv = ε‖v‖² + ‖J v‖² at x (one JVP). Gradients (∂q/∂x needs the score's
  // second derivatives) are taken by a central difference of J v along J v, valid for gradient-field
  // scores; PathEnergy does not need them (it uses the node form).
  MetricEvaluation evaluate(const Eigen::MatrixXd& points, const Eigen::MatrixXd& velocities,
                            bool withGradients) const override;
  Eigen::MatrixXd applyInverse(const Eigen::MatrixXd& points,
                               const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd logDeterminant(const Eigen::MatrixXd& points) const override;
  // ẍ = g⁻¹[(∂ₓ(Jv))ᵀJv − (J̇ᵀJ + JᵀJ̇)v], J̇ the derivative of J along v, by central differences
  // of dense Jacobians (small d only).
  Eigen::MatrixXd geodesicAcceleration(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& velocities) const override;
  Eigen::MatrixXd denseTensor(const Eigen::VectorXd& point) const override;

  int embeddingDimension() const override { return 2 * dimension(); }
  int segmentPieces() const override { return pieces_; }
  Eigen::MatrixXd embed(const Eigen::MatrixXd& points) const override;
  Eigen::MatrixXd embeddingJacobianProduct(const Eigen::MatrixXd& points,
                                           const Eigen::MatrixXd& vectors) const override;
  Eigen::MatrixXd embeddingJacobianTransposeProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& cotangents) const override;

 private:
  // The score's Jacobian at one point [d × d], from d Jacobian–vector products.
  Eigen::MatrixXd scoreJacobian(const Eigen::VectorXd& point) const;
  void requireSmallDimension(const char* what) const;

  std::shared_ptr<const ScoreModel> model_;
  double epsilon_;
  int pieces_;
};

}  // namespace geodex
