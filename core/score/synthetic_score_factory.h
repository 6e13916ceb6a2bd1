#pragma once
// Builds the score model of a synthetic manifold from user-facing choices (the metric on top of
// it comes from core/geometry/metric_factory.h); shared by geodex-cli and the explorer window.
#include <memory>
#include <string>

#include "core/data/synthetic_manifold.h"
#include "core/score/score_model.h"
#include "core/score/score_source.h"
#include "core/util/device.h"
#include "core/util/number_setting.h"

namespace geodex {

struct SyntheticScoreOptions {
  ScoreSource source = ScoreSource::Analytic;
  double sigma = 0.1;
  int samples = 4000;        // for the empirical scores
  std::uint64_t seed = 1;
  DeviceChoice device = DeviceChoice::Auto;
  std::string modelFile;     // Trained: a checkpoint, or the name of a shipped one

  bool operator==(const SyntheticScoreOptions&) const = default;

  // The manifolds have unit scale: beyond 100 every score is the same blur (and rounding noise).
  // Any σ > 0 is accepted, so that a user can see where a score breaks down.
  static constexpr NumberSetting kSigma{.name = "sigma", .symbol = "σ", .help = "noise level: the "
      "data smoothed by N(0, σ²I) defines the score", .max = 100.0, .aboveMin = true};
};

// Throws InvalidArgumentError for impossible choices (analytic score of a torus, σ ≤ 0, a trained
// model of another dimension, ...), IoError/ModelError for model files that cannot be read.
std::shared_ptr<const ScoreModel> makeSyntheticScore(const SyntheticManifold& manifold,
                                                     const SyntheticScoreOptions& options);
}  // namespace geodex
