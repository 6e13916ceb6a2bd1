#pragma once
// Where a synthetic manifold's score comes from, and the names users type for it (options, JSON,
// menus). Apart from the factory (synthetic_score_factory.h), so that parsers of sessions and
// options need no score models.
#include <string>

#include "core/data/synthetic_manifold.h"

namespace geodex {

enum class ScoreSource {
  Analytic,        // exact formula (circle, sphere only)
  Quadrature,      // smoothed manifold measure via a fine weighted parameter grid: exact to
                   // near machine precision for every manifold (default where no formula exists)
  Empirical,       // exact score of the smoothed empirical measure of random samples (Eigen)
  EmpiricalTorch,  // the same through LibTorch autograd, on the chosen device
  Trained,         // an MLP score model from `geodex-cli train` (modelFile; it carries its σ)
};

// The best default source: analytic where it exists, else quadrature.
ScoreSource defaultScoreSource(const SyntheticManifold& manifold);

// parse throws InvalidArgumentError naming the choices.
ScoreSource parseScoreSource(const std::string& text);
std::string toString(ScoreSource source);

}  // namespace geodex
