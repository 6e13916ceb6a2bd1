#pragma once
// A density-conformal comparison metric g(x) = c(x) I, c = (ε + p(x))^(−α): cheap where the
// data density p is high, expensive away from it. Needs a model with a log-density.
#include <memory>

#include "core/geometry/metric.h"

namespace geodex {

class ConformalMetric : public Metric {
 public:
  // Throws InvalidArgumentError unless α > 0, ε > 0 and the model has a log-density.
  ConformalMetric(std::shared_ptr<const ScoreModel> model, double alpha = 1.0,
                  double epsilon = 1e-2);

  std::string name() const override { return "conformal"; }
  int dimension() const override;
  const ScoreModel* scoreModel() const override { return model_.get(); }

  MetricEvaluation evaluate(const Eigen::MatrixXd& points, const Eigen::MatrixXd& velocities,
                            bool withGradients) const override;
  Eigen::MatrixXd applyInverse(const Eigen::MatrixXd& points,
                               const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd logDeterminant(const Eigen::MatrixXd& points) const override;
  // For g = cI: ẍ = −(∇ℓ·v)v + ½‖v‖²∇ℓ, ℓ = log c.
  Eigen::MatrixXd geodesicAcceleration(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& velocities) const override;
  Eigen::MatrixXd denseTensor(const Eigen::VectorXd& point) const override;

  // c(xᵢ) [B].
  Eigen::VectorXd conformalFactor(const Eigen::MatrixXd& points) const;

 private:
  // ∇ log c = −α p/(ε + p) s, [d × B].
  Eigen::MatrixXd logFactorGradient(const Eigen::MatrixXd& points,
                                    const Eigen::VectorXd& density) const;
  Eigen::VectorXd density(const Eigen::MatrixXd& points) const;

  std::shared_ptr<const ScoreModel> model_;
  double alpha_;
  double epsilon_;
};

}  // namespace geodex
