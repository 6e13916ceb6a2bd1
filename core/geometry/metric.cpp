#include "core/geometry/metric.h"

#include "core/util/errors.h"

namespace geodex {

double Metric::squaredNorm(const Eigen::VectorXd& point, const Eigen::VectorXd& velocity) const {
  return evaluate(point, velocity, false).quadratic[0];
}

MetricEllipsoid Metric::unitBall(const Eigen::VectorXd& point) const {
  const Eigen::MatrixXd g = denseTensor(point);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(g);
  if (eigen.info() != Eigen::Success || eigen.eigenvalues().minCoeff() <= 0.0)
    throw NumericalError("metric '" + name() + "' is not positive definite at this point");
  MetricEllipsoid ball;
  ball.centre = point;
  ball.axes = eigen.eigenvectors() * eigen.eigenvalues().cwiseSqrt().cwiseInverse().asDiagonal();
  ball.logDeterminant = eigen.eigenvalues().array().log().sum();
  return ball;
}

void Metric::checkShapes(const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  if (points.rows() != dimension() || vectors.rows() != dimension() ||
      points.cols() != vectors.cols()) {
    throw InvalidArgumentError("metric '" + name() + "' on R^" + std::to_string(dimension()) +
                               ": got points [" + std::to_string(points.rows()) + " × " +
                               std::to_string(points.cols()) + "] and vectors [" +
                               std::to_string(vectors.rows()) + " × " +
                               std::to_string(vectors.cols()) + "]");
  }
}

}  // namespace geodex
