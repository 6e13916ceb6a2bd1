#pragma once
// The discrete geodesic energy of a path x₀ … x_N under a metric, with the metric taken at
// segment midpoints mᵢ = (xᵢ + xᵢ₊₁)/2 and Δᵢ = xᵢ₊₁ − xᵢ:
//   E = (N/2) Σᵢ Δᵢᵀ g(mᵢ) Δᵢ,   L = Σᵢ √(Δᵢᵀ g(mᵢ) Δᵢ).
// E ≈ ½∫ẋᵀgẋ dt over t ∈ [0, 1], and E ≥ L²/2 with equality at constant speed.
// Pullback metrics (Metric::nodeEmbedding) compare neighbouring nodes instead:
//   E = (N/2) Σᵢ ‖φ(xᵢ₊₁) − φ(xᵢ)‖²,   L = Σᵢ ‖φ(xᵢ₊₁) − φ(xᵢ)‖.
#include <Eigen/Dense>

#include "core/geometry/metric.h"
#include "core/geometry/refined_polygon.h"

namespace geodex {

struct PathEnergyEvaluation {
  double energy = 0.0;
  double length = 0.0;
  // ∂E/∂xⱼ [d × (N+1)]; the end columns are zero (the ends are fixed).
  Eigen::MatrixXd gradient;
  // The metric at the midpoints, with its Gauss–Newton model (see MetricEvaluation); for
  // pullback metrics only `quadratic` (the node form's qᵢ) is filled.
  MetricEvaluation metric;
  Eigen::MatrixXd nodes;     // the path [d × (N+1)]
  Eigen::MatrixXd embedded;  // pullback metrics: φ of the refined path [D × (N·K+1)], else empty
  Eigen::MatrixXd midpoints;  // [d × N]
  Eigen::MatrixXd steps;      // Δᵢ [d × N]
};

class PathEnergy {
 public:
  explicit PathEnergy(const Metric& metric) : metric_(metric) {}
  // path [d × (N+1)], N ≥ 1. Throws InvalidArgumentError on wrong shapes.
  PathEnergyEvaluation evaluate(const Eigen::MatrixXd& path, bool withGradient) const;
  // The metric length of the same polygon with every segment cut into refinement.pieces() equal
  // pieces: what every pipeline reports as a path's refined length.
  double refinedLength(const Eigen::MatrixXd& path, const RefinedPolygon& refinement) const;
  const Metric& metric() const { return metric_; }

 private:
  void evaluateNodeForm(const NodeEmbedding& embedding, bool withGradient,
                        PathEnergyEvaluation& out) const;

  const Metric& metric_;
};

}  // namespace geodex
