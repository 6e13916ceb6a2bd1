#pragma once
// The paper's metric g(x) = I + λ s(x)s(x)ᵀ, s the model's score. Never forms a d × d matrix
// except in denseTensor(): vᵀgv = ‖v‖² + λ(sᵀv)², g⁻¹ = I − λ s sᵀ/(1 + λ‖s‖²) (Sherman–Morrison),
// det g = 1 + λ‖s‖².
#include <memory>

#include "core/geometry/metric.h"

namespace geodex {

class ScoreMetric : public Metric {
 public:
  // Larger λ overflows (sᵀv)²·λ in double for ordinary scores; the paper uses 1000.
  static constexpr double kMaxLambda = 1e8;

  // Throws InvalidArgumentError unless 0 < λ ≤ kMaxLambda.
  ScoreMetric(std::shared_ptr<const ScoreModel> model, double lambda);

  std::string name() const override { return "score"; }
  int dimension() const override;
  const ScoreModel* scoreModel() const override { return model_.get(); }
  double lambda() const { return lambda_; }

  MetricEvaluation evaluate(const Eigen::MatrixXd& points, const Eigen::MatrixXd& velocities,
                            bool withGradients) const override;
  Eigen::MatrixXd applyInverse(const Eigen::MatrixXd& points,
                               const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd logDeterminant(const Eigen::MatrixXd& points) const override;
  // ẍ = g⁻¹[−λ(vᵀJv) s + λ(sᵀv)(Jᵀv − Jv)]: one JVP (and one VJP for non-gradient scores).
  Eigen::MatrixXd geodesicAcceleration(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& velocities) const override;
  Eigen::MatrixXd denseTensor(const Eigen::VectorXd& point) const override;

 private:
  Eigen::MatrixXd inverseWithScores(const Eigen::MatrixXd& scores,
                                    const Eigen::MatrixXd& vectors) const;

  std::shared_ptr<const ScoreModel> model_;
  double lambda_;
};

}  // namespace geodex
