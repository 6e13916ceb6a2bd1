#pragma once
// Builds the score model and metric for a synthetic manifold from user-facing choices; shared by
// geodex-cli and the explorer window.
#include <memory>
#include <string>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/metric.h"
#include "core/score/score_model.h"
#include "core/util/device.h"

namespace geodex {

enum class ScoreSource {
  Analytic,        // exact formula (circle, sphere only)
  Quadrature,      // smoothed manifold measure via a fine weighted parameter grid: exact to
                   // near machine precision for every manifold (default where no formula exists)
  Empirical,       // exact score of the smoothed empirical measure of random samples (Eigen)
  EmpiricalTorch,  // the same through LibTorch autograd, on the chosen device
};
enum class MetricKind { Euclidean, Score, Conformal };

struct SyntheticScoreOptions {
  ScoreSource source = ScoreSource::Analytic;
  double sigma = 0.1;
  int samples = 4000;        // for the empirical scores
  std::uint64_t seed = 1;
  DeviceChoice device = DeviceChoice::Auto;
};

struct MetricOptions {
  MetricKind kind = MetricKind::Score;
  double lambda = 1000.0;  // score metric (paper's value)
  double alpha = 1.0;      // conformal metric
  double epsilon = 1e-2;   // conformal metric
};

// Throws InvalidArgumentError for impossible choices (analytic score of a torus, σ ≤ 0, ...).
std::shared_ptr<const ScoreModel> makeSyntheticScore(const SyntheticManifold& manifold,
                                                     const SyntheticScoreOptions& options);
// The best default source: analytic where it exists, else quadrature.
ScoreSource defaultScoreSource(const SyntheticManifold& manifold);
std::unique_ptr<Metric> makeMetric(const MetricOptions& options,
                                   std::shared_ptr<const ScoreModel> model, int dimension);

ScoreSource parseScoreSource(const std::string& text);
std::string toString(ScoreSource source);
MetricKind parseMetricKind(const std::string& text);
std::string toString(MetricKind kind);

}  // namespace geodex
