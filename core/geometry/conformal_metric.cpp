#include "core/geometry/conformal_metric.h"

#include <cmath>

#include "core/score/score_model.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

ConformalMetric::ConformalMetric(std::shared_ptr<const ScoreModel> model, double alpha,
                                 double epsilon)
    : model_(std::move(model)), alpha_(alpha), epsilon_(epsilon) {
  if (!model_) throw InvalidArgumentError("conformal metric needs a score model");
  if (!model_->hasLogDensity())
    throw InvalidArgumentError("the conformal metric needs a model with a log-density; '" +
                               model_->name() + "' has none");
  if (!(alpha > 0.0) || !std::isfinite(alpha))
    throw InvalidArgumentError("conformal α must be positive, got " + numberText(alpha));
  if (!(epsilon > 0.0) || !std::isfinite(epsilon))
    throw InvalidArgumentError("conformal ε must be positive, got " + numberText(epsilon));
}

int ConformalMetric::dimension() const { return model_->dimension(); }

Eigen::VectorXd ConformalMetric::density(const Eigen::MatrixXd& points) const {
  return model_->logDensity(points).array().exp();
}

Eigen::VectorXd ConformalMetric::conformalFactor(const Eigen::MatrixXd& points) const {
  return (epsilon_ + density(points).array()).pow(-alpha_);
}

Eigen::MatrixXd ConformalMetric::logFactorGradient(const Eigen::MatrixXd& points,
                                                   const Eigen::VectorXd& p) const {
  const Eigen::VectorXd coefficient = -alpha_ * p.array() / (epsilon_ + p.array());
  return model_->score(points) * coefficient.asDiagonal();
}

MetricEvaluation ConformalMetric::evaluate(const Eigen::MatrixXd& points,
                                           const Eigen::MatrixXd& velocities,
                                           bool withGradients) const {
  checkShapes(points, velocities);
  const Eigen::VectorXd p = density(points);
  const Eigen::VectorXd c = (epsilon_ + p.array()).pow(-alpha_);
  const Eigen::VectorXd speed2 = velocities.colwise().squaredNorm().transpose();
  MetricEvaluation out;
  out.quadratic = c.cwiseProduct(speed2);
  out.isotropicWeight = c;
  if (withGradients) {
    // ∂q/∂x = ‖v‖² c ∇ℓ,  ∂q/∂v = 2cv.
    out.gradientPoint = logFactorGradient(points, p) * c.cwiseProduct(speed2).asDiagonal();
    out.gradientVelocity = 2.0 * velocities * c.asDiagonal();
  }
  return out;
}

Eigen::MatrixXd ConformalMetric::applyInverse(const Eigen::MatrixXd& points,
                                              const Eigen::MatrixXd& vectors) const {
  checkShapes(points, vectors);
  return vectors * conformalFactor(points).cwiseInverse().asDiagonal();
}

Eigen::VectorXd ConformalMetric::logDeterminant(const Eigen::MatrixXd& points) const {
  return dimension() * conformalFactor(points).array().log();
}

Eigen::MatrixXd ConformalMetric::geodesicAcceleration(const Eigen::MatrixXd& points,
                                                      const Eigen::MatrixXd& velocities) const {
  checkShapes(points, velocities);
  const Eigen::MatrixXd gradient = logFactorGradient(points, density(points));
  const Eigen::RowVectorXd along = (gradient.array() * velocities.array()).colwise().sum();
  const Eigen::RowVectorXd speed2 = velocities.colwise().squaredNorm();
  return -velocities * along.asDiagonal() + 0.5 * gradient * speed2.asDiagonal();
}

Eigen::MatrixXd ConformalMetric::denseTensor(const Eigen::VectorXd& point) const {
  return conformalFactor(point)[0] * Eigen::MatrixXd::Identity(point.size(), point.size());
}

}  // namespace geodex
