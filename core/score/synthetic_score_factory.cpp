#include "core/score/synthetic_score_factory.h"

#include <cmath>

#include "core/score/circle_score.h"
#include "core/score/empirical_score.h"
#include "core/score/mlp_score_model.h"
#include "core/score/sphere_score.h"
#include "core/score/torch_empirical_score.h"
#include "core/util/errors.h"
#include "core/util/enum_names.h"
#include "core/util/shipped_file.h"

namespace geodex {

ScoreSource defaultScoreSource(const SyntheticManifold& manifold) {
  const bool analytic =
      manifold.kind() == ManifoldKind::Circle || manifold.kind() == ManifoldKind::Sphere;
  return analytic ? ScoreSource::Analytic : ScoreSource::Quadrature;
}

namespace {

std::shared_ptr<const ScoreModel> loadTrainedScore(const SyntheticManifold& manifold,
                                                   const SyntheticScoreOptions& options) {
  if (options.modelFile.empty())
    throw InvalidArgumentError("the trained score needs a model file (geodex-cli train writes one)");
  const std::string path = resolveShippedFile(options.modelFile);
  std::shared_ptr<const ScoreModel> trained = MlpScoreModel::load(path, options.device);
  if (trained->dimension() != manifold.ambientDimension())
    throw InvalidArgumentError("the model '" + path + "' lives in R^" +
                               std::to_string(trained->dimension()) + ", the " + manifold.name() +
                               " in R^" + std::to_string(manifold.ambientDimension()));
  return trained;
}

}  // namespace

std::shared_ptr<const ScoreModel> makeSyntheticScore(const SyntheticManifold& manifold,
                                                     const SyntheticScoreOptions& options) {
  if (options.source == ScoreSource::Trained) return loadTrainedScore(manifold, options);
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
    case ScoreSource::Trained: break;  // loaded above
  }
  throw InvalidArgumentError("unknown score source");
}

// As users type them (options, JSON, menus).
static const EnumNames<ScoreSource> kSourceNames = {
    {ScoreSource::Analytic, "analytic"}, {ScoreSource::Quadrature, "quadrature"},
    {ScoreSource::Empirical, "empirical"}, {ScoreSource::EmpiricalTorch, "empirical-torch"},
    {ScoreSource::Trained, "trained"}};
ScoreSource parseScoreSource(const std::string& text) { return parseEnumName(kSourceNames, text, "score"); }
std::string toString(ScoreSource source) { return enumName(kSourceNames, source); }

}  // namespace geodex
