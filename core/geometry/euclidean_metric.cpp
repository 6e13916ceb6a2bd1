#include "core/geometry/euclidean_metric.h"

#include "core/util/errors.h"

namespace geodex {

EuclideanMetric::EuclideanMetric(int dimension) : dimension_(dimension) {
  if (dimension < 1) throw InvalidArgumentError("metric dimension must be at least 1");
}

MetricEvaluation EuclideanMetric::evaluate(const Eigen::MatrixXd& points,
                                           const Eigen::MatrixXd& velocities,
                                           bool withGradients) const {
  checkShapes(points, velocities);
  MetricEvaluation out;
  out.quadratic = velocities.colwise().squaredNorm().transpose();
  out.isotropicWeight = Eigen::VectorXd::Ones(points.cols());
  if (withGradients) {
    out.gradientPoint = Eigen::MatrixXd::Zero(points.rows(), points.cols());
    out.gradientVelocity = 2.0 * velocities;
  }
  return out;
}

Eigen::MatrixXd EuclideanMetric::applyInverse(const Eigen::MatrixXd& points,
                                              const Eigen::MatrixXd& vectors) const {
  checkShapes(points, vectors);
  return vectors;
}

Eigen::VectorXd EuclideanMetric::logDeterminant(const Eigen::MatrixXd& points) const {
  return Eigen::VectorXd::Zero(points.cols());
}

Eigen::MatrixXd EuclideanMetric::geodesicAcceleration(const Eigen::MatrixXd& points,
                                                      const Eigen::MatrixXd& velocities) const {
  checkShapes(points, velocities);
  return Eigen::MatrixXd::Zero(points.rows(), points.cols());
}

Eigen::MatrixXd EuclideanMetric::denseTensor(const Eigen::VectorXd&) const {
  return Eigen::MatrixXd::Identity(dimension_, dimension_);
}

}  // namespace geodex
