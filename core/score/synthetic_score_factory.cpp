#include "core/score/synthetic_score_factory.h"

#include <cmath>

#include "core/score/circle_score.h"
#include "core/score/empirical_score.h"
#include "core/score/sphere_score.h"
#include "core/score/torch_empirical_score.h"
#include "core/util/errors.h"

namespace geodex {

ScoreSource defaultScoreSource(const SyntheticManifold& manifold) {
  const bool analytic =
      manifold.kind() == ManifoldKind::Circle || manifold.kind() == ManifoldKind::Sphere;
  return analytic ? ScoreSource::Analytic : ScoreSource::Quadrature;
}

std::shared_ptr<const ScoreModel> makeSyntheticScore(const SyntheticManifold& manifold,
                                                     const SyntheticScoreOptions& options) {
  if (!(options.sigma > 0.0) || !std::isfinite(options.sigma))
    throw InvalidArgumentError("σ must be positive and finite, got " +
                               std::to_string(options.sigma));
  switch (options.source) {
    case ScoreSource::Analytic:
      if (manifold.kind() == ManifoldKind::Sphere) return std::make_shared<SphereScore>(options.sigma);
      if (manifold.kind() == ManifoldKind::Circle) return std::make_shared<CircleScore>(options.sigma);
      throw InvalidArgumentError("no analytic score for '" + manifold.name() +
                                 "' (only circle and sphere); use the empirical score");
    case ScoreSource::Quadrature: {
      // Spacing σ/3 keeps the lattice sum's error ~exp(−2π²σ²/h²) far below rounding.
      auto q = manifold.quadrature(options.sigma / 3.0);
      return std::make_shared<EmpiricalScore>(std::move(q.points), q.weights, options.sigma,
                                              manifold.name() + "-quadrature");
    }
    case ScoreSource::Empirical:
    case ScoreSource::EmpiricalTorch: {
      if (options.samples < 1 || options.samples > 2000000)
        throw InvalidArgumentError("sample count must lie in [1, 2000000], got " +
                                   std::to_string(options.samples));
      Eigen::MatrixXd samples = manifold.sample(options.samples, options.seed);
      if (options.source == ScoreSource::EmpiricalTorch)
        return makeTorchEmpiricalScore(samples, options.sigma, options.device);
      return std::make_shared<EmpiricalScore>(std::move(samples), options.sigma,
                                              manifold.name() + "-empirical");
    }
  }
  throw InvalidArgumentError("unknown score source");
}

ScoreSource parseScoreSource(const std::string& text) {
  if (text == "analytic") return ScoreSource::Analytic;
  if (text == "empirical") return ScoreSource::Empirical;
  if (text == "quadrature") return ScoreSource::Quadrature;
  if (text == "empirical-torch") return ScoreSource::EmpiricalTorch;
  throw InvalidArgumentError("unknown score '" + text +
                             "' (use analytic, quadrature, empirical or empirical-torch)");
}

std::string toString(ScoreSource source) {
  switch (source) {
    case ScoreSource::Analytic: return "analytic";
    case ScoreSource::Empirical: return "empirical";
    case ScoreSource::Quadrature: return "quadrature";
    case ScoreSource::EmpiricalTorch: return "empirical-torch";
  }
  return "?";
}

}  // namespace geodex
