#pragma once
// The discrete geodesic energy of a path x₀ … x_N under a metric, with the metric taken at
// segment midpoints mᵢ = (xᵢ + xᵢ₊₁)/2 and Δᵢ = xᵢ₊₁ − xᵢ:
//   E = (N/2) Σᵢ Δᵢᵀ g(mᵢ) Δᵢ,   L = Σᵢ √(Δᵢᵀ g(mᵢ) Δᵢ).
// E ≈ ½∫ẋᵀgẋ dt over t ∈ [0, 1], and E ≥ L²/2 with equality at constant speed.
#include <Eigen/Dense>

#include "core/geometry/metric.h"

namespace geodex {

struct PathEnergyEvaluation {
  double energy = 0.0;
  double length = 0.0;
  // ∂E/∂xⱼ [d × (N+1)]; the end columns are zero (the ends are fixed).
  Eigen::MatrixXd gradient;
  // The metric at the midpoints, with its Gauss–Newton model (see MetricEvaluation).
  MetricEvaluation metric;
  Eigen::MatrixXd midpoints;  // [d × N]
  Eigen::MatrixXd steps;      // Δᵢ [d × N]
};

class PathEnergy {
 public:
  explicit PathEnergy(const Metric& metric) : metric_(metric) {}
  // path [d × (N+1)], N ≥ 1. Throws InvalidArgumentError on wrong shapes.
  PathEnergyEvaluation evaluate(const Eigen::MatrixXd& path, bool withGradient) const;
  const Metric& metric() const { return metric_; }

 private:
  const Metric& metric_;
};

}  // namespace geodex
