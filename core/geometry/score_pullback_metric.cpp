#include "core/geometry/score_pullback_metric.h"

#include <cmath>

#include "core/score/score_model.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

ScorePullbackMetric::ScorePullbackMetric(std::shared_ptr<const ScoreModel> model, double epsilon,
                                         int pieces)
    : model_(std::move(model)), epsilon_(epsilon), pieces_(pieces) {
  if (pieces < 1 || pieces > 16)
    throw InvalidArgumentError("the pullback metric's pieces per segment must be in [1, 16], got " +
                               std::to_string(pieces));
  if (!model_) throw InvalidArgumentError("the pullback metric needs a score model");
  if (!(epsilon > 0.0) || !std::isfinite(epsilon))
    throw InvalidArgumentError("the pullback metric's ε must be positive and finite, got " +
                               numberText(epsilon));
}

int ScorePullbackMetric::dimension() const { return model_->dimension(); }

void ScorePullbackMetric::requireSmallDimension(const char* what) const {
  if (dimension() > kMaxDenseDimension)
    throw InvalidArgumentError(std::string("the pullback metric's ") + what +
                               " is available up to dimension " +
                               std::to_string(kMaxDenseDimension) + ", this model lives in R^" +
                               std::to_string(dimension()));
}

MetricEvaluation ScorePullbackMetric::evaluate(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& velocities,
                                               bool withGradients) const {
  checkShapes(points, velocities);
  const Eigen::MatrixXd jv = model_->jacobianVectorProduct(points, velocities);
  MetricEvaluation out;
  out.quadratic = (epsilon_ * velocities.colwise().squaredNorm() + jv.colwise().squaredNorm())
                      .transpose();
  out.isotropicWeight = Eigen::VectorXd::Constant(points.cols(), epsilon_);
  if (withGradients) {
    if (!model_->isGradientField())
      throw InvalidArgumentError(
          "the pullback metric's point gradient needs a gradient-field score; its path energy "
          "(node form) works with any score");
    out.gradientVelocity = 2.0 * (epsilon_ * velocities +
                                  model_->vectorJacobianProduct(points, jv));
    // ∂ₓ‖J v‖² = 2 (∂ₓ(J v))ᵀ J v = 2 D_{Jv}J · v for a symmetric third derivative.
    out.gradientPoint.resize(points.rows(), points.cols());
    for (Eigen::Index k = 0; k < points.cols(); ++k) {
      const double norm = jv.col(k).norm();
      if (norm == 0.0) {
        out.gradientPoint.col(k).setZero();
        continue;
      }
      const double h = 1e-5 * std::max(1.0, points.col(k).norm()) / norm;
      Eigen::MatrixXd shifted(points.rows(), 2);
      shifted.col(0) = points.col(k) + h * jv.col(k);
      shifted.col(1) = points.col(k) - h * jv.col(k);
      Eigen::MatrixXd v(points.rows(), 2);
      v.col(0) = v.col(1) = velocities.col(k);
      const Eigen::MatrixXd jvs = model_->jacobianVectorProduct(shifted, v);
      out.gradientPoint.col(k) = (jvs.col(0) - jvs.col(1)) / h;  // 2 · (difference / 2h)
    }
  }
  return out;
}

Eigen::MatrixXd ScorePullbackMetric::scoreJacobian(const Eigen::VectorXd& point) const {
  const int d = dimension();
  const Eigen::MatrixXd points = point.replicate(1, d);
  return model_->jacobianVectorProduct(points, Eigen::MatrixXd::Identity(d, d));
}

Eigen::MatrixXd ScorePullbackMetric::denseTensor(const Eigen::VectorXd& point) const {
  requireSmallDimension("dense tensor");
  const Eigen::MatrixXd j = scoreJacobian(point);
  return epsilon_ * Eigen::MatrixXd::Identity(dimension(), dimension()) + j.transpose() * j;
}

Eigen::MatrixXd ScorePullbackMetric::applyInverse(const Eigen::MatrixXd& points,
                                                  const Eigen::MatrixXd& vectors) const {
  checkShapes(points, vectors);
  requireSmallDimension("inverse");
  Eigen::MatrixXd out(vectors.rows(), vectors.cols());
  for (Eigen::Index k = 0; k < points.cols(); ++k)
    out.col(k) = denseTensor(points.col(k)).llt().solve(vectors.col(k));
  return out;
}

Eigen::VectorXd ScorePullbackMetric::logDeterminant(const Eigen::MatrixXd& points) const {
  requireSmallDimension("log-determinant");
  Eigen::VectorXd out(points.cols());
  for (Eigen::Index k = 0; k < points.cols(); ++k) {
    const Eigen::LLT<Eigen::MatrixXd> factor(denseTensor(points.col(k)));
    out[k] = 2.0 * factor.matrixL().toDenseMatrix().diagonal().array().log().sum();
  }
  return out;
}

Eigen::MatrixXd ScorePullbackMetric::geodesicAcceleration(const Eigen::MatrixXd& points,
                                                          const Eigen::MatrixXd& velocities) const {
  checkShapes(points, velocities);
  requireSmallDimension("geodesic equation");
  const int d = dimension();
  Eigen::MatrixXd out(d, points.cols());
  for (Eigen::Index c = 0; c < points.cols(); ++c) {
    const Eigen::VectorXd x = points.col(c), v = velocities.col(c);
    const double h = 1e-4 * std::max(1.0, x.norm());
    const Eigen::MatrixXd j = scoreJacobian(x);
    const Eigen::VectorXd jv = j * v;
    // ∂ₖJ by central differences; A = (∂ₓ(J v))ᵀ J v, J̇ = Σₖ vₖ ∂ₖJ.
    Eigen::VectorXd pull(d);
    Eigen::MatrixXd jDot = Eigen::MatrixXd::Zero(d, d);
    for (int k = 0; k < d; ++k) {
      Eigen::VectorXd step = Eigen::VectorXd::Zero(d);
      step[k] = h;
      const Eigen::MatrixXd dj = (scoreJacobian(x + step) - scoreJacobian(x - step)) / (2.0 * h);
      pull[k] = (dj * v).dot(jv);
      jDot += v[k] * dj;
    }
    const Eigen::MatrixXd g = epsilon_ * Eigen::MatrixXd::Identity(d, d) + j.transpose() * j;
    const Eigen::VectorXd force = pull - (jDot.transpose() * jv + j.transpose() * (jDot * v));
    out.col(c) = g.llt().solve(force);
  }
  return out;
}

Eigen::MatrixXd ScorePullbackMetric::embed(const Eigen::MatrixXd& points) const {
  const int d = dimension();
  Eigen::MatrixXd out(2 * d, points.cols());
  out.topRows(d) = std::sqrt(epsilon_) * points;
  out.bottomRows(d) = model_->score(points);
  return out;
}

Eigen::MatrixXd ScorePullbackMetric::embeddingJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  const int d = dimension();
  Eigen::MatrixXd out(2 * d, points.cols());
  out.topRows(d) = std::sqrt(epsilon_) * vectors;
  out.bottomRows(d) = model_->jacobianVectorProduct(points, vectors);
  return out;
}

Eigen::MatrixXd ScorePullbackMetric::embeddingJacobianTransposeProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& cotangents) const {
  const int d = dimension();
  if (cotangents.rows() != 2 * d || cotangents.cols() != points.cols())
    throw InvalidArgumentError("pullback metric: cotangents must be [" + std::to_string(2 * d) +
                               " × " + std::to_string(points.cols()) + "]");
  return std::sqrt(epsilon_) * cotangents.topRows(d) +
         model_->vectorJacobianProduct(points, cotangents.bottomRows(d));
}

}  // namespace geodex
