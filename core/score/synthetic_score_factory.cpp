#include "core/score/synthetic_score_factory.h"

#include <cmath>

#include "core/score/circle_score.h"
#include "core/score/empirical_score.h"
#include "core/score/mlp_score_model.h"
#include "core/score/sphere_score.h"
#include "core/score/torch_empirical_score.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/shipped_file.h"

namespace geodex {

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
  SyntheticScoreOptions::kSigma.checked(options.sigma);
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


}  // namespace geodex
