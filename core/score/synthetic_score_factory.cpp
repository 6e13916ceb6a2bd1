#include "core/score/synthetic_score_factory.h"

#include <cmath>

#include "core/geometry/conformal_metric.h"
#include "core/geometry/euclidean_metric.h"
#include "core/geometry/score_metric.h"
#include "core/score/circle_score.h"
#include "core/score/empirical_score.h"
#include "core/score/sphere_score.h"
#include "core/score/torch_empirical_score.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

ScoreSource defaultScoreSource(const SyntheticManifold& manifold) {
  const bool analytic =
      manifold.kind() == ManifoldKind::Circle || manifold.kind() == ManifoldKind::Sphere;
  return analytic ? ScoreSource::Analytic : ScoreSource::Quadrature;
}

std::shared_ptr<const ScoreModel> makeSyntheticScore(const SyntheticManifold& manifold,
                                                     const SyntheticScoreOptions& options) {
  // The manifolds have unit scale: beyond 100 every score is the same blur (and rounding noise).
  if (!(options.sigma > 0.0) || !(options.sigma <= 100.0))
    throw InvalidArgumentError("σ must be positive and at most 100, got " +
                               numberText(options.sigma));
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

std::unique_ptr<Metric> makeMetric(const MetricOptions& options,
                                   std::shared_ptr<const ScoreModel> model, int dimension) {
  switch (options.kind) {
    case MetricKind::Euclidean: return std::make_unique<EuclideanMetric>(dimension);
    case MetricKind::Score: return std::make_unique<ScoreMetric>(std::move(model), options.lambda);
    case MetricKind::Conformal:
      return std::make_unique<ConformalMetric>(std::move(model), options.alpha, options.epsilon);
  }
  throw InvalidArgumentError("unknown metric kind");
}

ScoreSource parseScoreSource(const std::string& text) {
  if (text == "analytic") return ScoreSource::Analytic;
  if (text == "empirical") return ScoreSource::Empirical;
  if (text == "quadrature") return ScoreSource::Quadrature;
  if (text == "empirical-torch") return ScoreSource::EmpiricalTorch;
  throw InvalidArgumentError("unknown score '" + shortText(text) +
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

MetricKind parseMetricKind(const std::string& text) {
  if (text == "euclidean") return MetricKind::Euclidean;
  if (text == "score") return MetricKind::Score;
  if (text == "conformal") return MetricKind::Conformal;
  throw InvalidArgumentError("unknown metric '" + shortText(text) +
                             "' (use euclidean, score or conformal)");
}

std::string toString(MetricKind kind) {
  switch (kind) {
    case MetricKind::Euclidean: return "euclidean";
    case MetricKind::Score: return "score";
    case MetricKind::Conformal: return "conformal";
  }
  return "?";
}

}  // namespace geodex
