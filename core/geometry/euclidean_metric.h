#pragma once
// g = I: the baseline every other metric is compared with.
#include "core/geometry/metric.h"

namespace geodex {

class EuclideanMetric : public Metric {
 public:
  explicit EuclideanMetric(int dimension);
  std::string name() const override { return "euclidean"; }
  int dimension() const override { return dimension_; }
  MetricEvaluation evaluate(const Eigen::MatrixXd& points, const Eigen::MatrixXd& velocities,
                            bool withGradients) const override;
  Eigen::MatrixXd applyInverse(const Eigen::MatrixXd& points,
                               const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd logDeterminant(const Eigen::MatrixXd& points) const override;
  Eigen::MatrixXd geodesicAcceleration(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& velocities) const override;
  Eigen::MatrixXd denseTensor(const Eigen::VectorXd& point) const override;

 private:
  int dimension_;
};

}  // namespace geodex
