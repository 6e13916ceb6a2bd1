#include "core/geometry/score_metric.h"

#include <cmath>

#include "core/score/score_model.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

ScoreMetric::ScoreMetric(std::shared_ptr<const ScoreModel> model, double lambda)
    : model_(std::move(model)), lambda_(lambda) {
  if (!model_) throw InvalidArgumentError("score metric needs a score model");
  if (!(lambda > 0.0) || !(lambda <= kMaxLambda))
    throw InvalidArgumentError("λ must be positive and at most 1e8, got " + numberText(lambda));
}

int ScoreMetric::dimension() const { return model_->dimension(); }

MetricEvaluation ScoreMetric::evaluate(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& velocities,
                                       bool withGradients) const {
  checkShapes(points, velocities);
  MetricEvaluation out;
  Eigen::MatrixXd scores;
  if (withGradients) {
    auto [s, jtv] = model_->scoreAndVectorJacobianProduct(points, velocities);
    scores = std::move(s);
    out.residualPointDirection = std::move(jtv);
  } else {
    scores = model_->score(points);
  }
  const Eigen::RowVectorXd residual = (scores.array() * velocities.array()).colwise().sum();
  out.quadratic =
      (velocities.colwise().squaredNorm().array() + lambda_ * residual.array().square())
          .transpose();
  out.isotropicWeight = Eigen::VectorXd::Ones(points.cols());
  out.rankOneWeight = lambda_;
  if (withGradients) {
    // ∂q/∂v = 2v + 2λ r s,  ∂q/∂x = 2λ r Jᵀv.
    out.gradientVelocity = 2.0 * velocities + 2.0 * lambda_ * scores * residual.asDiagonal();
    out.gradientPoint = 2.0 * lambda_ * out.residualPointDirection * residual.asDiagonal();
  }
  out.residualVelocityDirection = std::move(scores);
  return out;
}

Eigen::MatrixXd ScoreMetric::inverseWithScores(const Eigen::MatrixXd& scores,
                                               const Eigen::MatrixXd& vectors) const {
  const Eigen::RowVectorXd sDotW = (scores.array() * vectors.array()).colwise().sum();
  const Eigen::RowVectorXd denominator =
      (1.0 + lambda_ * scores.colwise().squaredNorm().array()).matrix();
  return vectors - scores * (lambda_ * sDotW.array() / denominator.array()).matrix().asDiagonal();
}

Eigen::MatrixXd ScoreMetric::applyInverse(const Eigen::MatrixXd& points,
                                          const Eigen::MatrixXd& vectors) const {
  checkShapes(points, vectors);
  return inverseWithScores(model_->score(points), vectors);
}

Eigen::VectorXd ScoreMetric::logDeterminant(const Eigen::MatrixXd& points) const {
  const Eigen::MatrixXd s = model_->score(points);
  return (lambda_ * s.colwise().squaredNorm().array()).log1p().transpose();
}

Eigen::MatrixXd ScoreMetric::geodesicAcceleration(const Eigen::MatrixXd& points,
                                                  const Eigen::MatrixXd& velocities) const {
  checkShapes(points, velocities);
  const Eigen::MatrixXd s = model_->score(points);
  const Eigen::MatrixXd jv = model_->jacobianVectorProduct(points, velocities);
  const Eigen::RowVectorXd vJv = (velocities.array() * jv.array()).colwise().sum();
  Eigen::MatrixXd force = s * (-lambda_ * vJv).asDiagonal();
  if (!model_->isGradientField()) {
    const Eigen::MatrixXd jtv = model_->vectorJacobianProduct(points, velocities);
    const Eigen::RowVectorXd sDotV = (s.array() * velocities.array()).colwise().sum();
    force += (jtv - jv) * (lambda_ * sDotV).asDiagonal();
  }
  return inverseWithScores(s, force);
}

Eigen::MatrixXd ScoreMetric::denseTensor(const Eigen::VectorXd& point) const {
  const Eigen::VectorXd s = model_->score(point);
  return Eigen::MatrixXd::Identity(point.size(), point.size()) + lambda_ * s * s.transpose();
}

}  // namespace geodex
