#pragma once
// The metric over a synthetic scene, for drawing: the unit ball of g (an ellipsoid, or a flat
// ellipse for 2D manifolds) and the score at glyph centres spread over the data. 2D scenes put
// their centres on a regular grid over the data's box (the metric between the curves shows too);
// 3D scenes at noisy data points (the data at level σ, where the metric bends geodesics).
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace geodex {

class Metric;
class ScoreModel;
class SyntheticManifold;

struct MetricFieldOptions {
  int density = 10;        // glyphs per axis of the grid (2D) or ~ 2·density² samples (3D)
  double sigma = 0.1;      // the data's noise level: margins (2D) and the noise of the centres (3D)
  std::uint64_t seed = 7;  // of the sampled centres

  bool operator==(const MetricFieldOptions&) const = default;
};

struct MetricField {
  Eigen::Matrix3Xd centres;           // [3 × n]; 2D manifolds have z = 0
  std::vector<Eigen::Matrix3d> axes;  // semi-axes of the unit ball of g, as columns
  Eigen::VectorXd logDeterminant;     // log det g [n]
  Eigen::Matrix3Xd scores;            // s [3 × n]
  double glyphScale = 0.1;            // world size that keeps neighbouring glyphs apart
};

MetricField computeMetricField(const SyntheticManifold& manifold, const ScoreModel& score,
                               const Metric& metric, const MetricFieldOptions& options);

}  // namespace geodex
