#pragma once
// The paper's metric I + λ s sᵀ integrated along each path segment instead of sampled at its
// midpoint. PathEnergy calls evaluate(midpoints, steps); this class reads (m, Δ) as the segment
// [m − Δ/2, m + Δ/2] and returns q = ‖Δ‖² + λ Σₖ wₖ (s(m + τₖΔ)ᵀΔ)², Gauss–Legendre nodes τₖ on
// [−½, ½] (1 node = the midpoint rule = ScoreMetric). Why: in 784-D a discrete path can keep
// s(mᵢ) ⟂ Δᵢ at its few midpoints while crossing low density between them
// (docs/rotated-mnist.md); more nodes per segment close that loophole. Point-wise queries
// (inverse, log det, geodesic acceleration, dense tensor) are the plain metric at the point.
#include <memory>

#include "core/geometry/score_metric.h"

namespace geodex {

// The nodes per segment a quadrature takes (1 = the midpoint rule): every option that sets them
// is checked here, before anything is computed. Throws InvalidArgumentError otherwise.
inline constexpr int kMaxQuadratureNodes = 5;
void checkQuadratureNodes(int nodes);

class SegmentQuadratureMetric : public Metric {
 public:
  // nodes ∈ {1, 2, 3, 4, 5}; throws InvalidArgumentError otherwise or when λ ≤ 0.
  SegmentQuadratureMetric(std::shared_ptr<const ScoreModel> model, double lambda, int nodes);

  std::string name() const override { return "score-quadrature"; }
  int dimension() const override { return pointMetric_.dimension(); }
  const ScoreModel* scoreModel() const override { return model_.get(); }

  // points = segment midpoints, velocities = segment steps Δ. The Gauss–Newton model has one
  // residual per segment, r = (Σₖ wₖ rₖ²)^½ linearised at the current path (exact for one node).
  MetricEvaluation evaluate(const Eigen::MatrixXd& points, const Eigen::MatrixXd& velocities,
                            bool withGradients) const override;
  Eigen::MatrixXd applyInverse(const Eigen::MatrixXd& points,
                               const Eigen::MatrixXd& vectors) const override {
    return pointMetric_.applyInverse(points, vectors);
  }
  Eigen::VectorXd logDeterminant(const Eigen::MatrixXd& points) const override {
    return pointMetric_.logDeterminant(points);
  }
  Eigen::MatrixXd geodesicAcceleration(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& velocities) const override {
    return pointMetric_.geodesicAcceleration(points, velocities);
  }
  Eigen::MatrixXd denseTensor(const Eigen::VectorXd& point) const override {
    return pointMetric_.denseTensor(point);
  }

 private:
  std::shared_ptr<const ScoreModel> model_;
  double lambda_;
  ScoreMetric pointMetric_;
  Eigen::VectorXd nodes_, weights_;  // τₖ ∈ [−½, ½], wₖ summing to 1
};

}  // namespace geodex
