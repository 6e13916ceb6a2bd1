#pragma once
// The metrics a user chooses by name, built from one options struct: the explorer, geodex-cli
// and the pipelines all hold a MetricOptions and go through makeMetric. The defaults are here;
// names, ranges, help and factories are in the registry (metric_registry.h).
#include <memory>
#include <string>

#include "core/geometry/metric.h"
#include "core/geometry/metric_kind.h"

namespace geodex {

class ScoreModel;

struct MetricOptions {
  MetricKind kind = MetricKind::Score;
  double lambda = 1000.0;  // score metric (paper's value)
  // Score metric: nodes per path segment in the energy; 1 = the midpoint rule (the paper's),
  // 2–5 = Gauss–Legendre along the segment (SegmentQuadratureMetric).
  int quadratureNodes = 1;
  double alpha = 1.0;     // conformal metric
  double epsilon = 1e-2;  // conformal metric
  // Pullback metric: ε of εI + JᵀJ, and score nodes per segment (1 = the ends only; 2 adds the
  // midpoint, which closes the ridge-jumping loophole; docs/rotated-mnist.md measures both).
  double pullbackEpsilon = 1e-2;
  int pullbackPieces = 2;

  bool operator==(const MetricOptions&) const = default;
};

// `dimension` is the space's (the Euclidean metric has no model to ask). Throws
// InvalidArgumentError for a parameter outside its registry range (naming it) and for impossible
// combinations (a conformal metric without a density, ...).
std::unique_ptr<Metric> makeMetric(const MetricOptions& options,
                                   std::shared_ptr<const ScoreModel> model, int dimension);

}  // namespace geodex
