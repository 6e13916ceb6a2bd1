#include "core/score/mlp_score_model_config.h"

#include <cmath>

#include "core/util/checkpoint_header.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/training_limits.h"

namespace geodex {

long long MlpScoreModelConfig::parameterCount() const {
  const long long d = dimension, w = hiddenWidth, in = d + levelFeatures;
  return in * w + w + (hiddenLayers - 1LL) * (w * w + w) + w * d + d;
}

void MlpScoreModelConfig::validate() const {
  checkWholeRange("MLP dimension", dimension, 1, kMaxDimension);
  checkWholeRange("MLP hidden width", hiddenWidth, 1, kMaxHiddenWidth);
  checkWholeRange("MLP hidden layers", hiddenLayers, 1, kMaxHiddenLayers);
  checkWholeRange("MLP level features", levelFeatures, 0, kMaxLevelFeatures);
  if (levelFeatures % 2 != 0)
    throw InvalidArgumentError("MLP level features must be even (sine and cosine pairs), got " +
                               std::to_string(levelFeatures));
  if (parameterCount() > kMaxParameters)
    throw InvalidArgumentError("an MLP of width " + std::to_string(hiddenWidth) + " and " +
                               std::to_string(hiddenLayers) + " layers has " +
                               std::to_string(parameterCount()) + " parameters, more than the " +
                               std::to_string(kMaxParameters) + " geodex trains or loads");
  if (!(sigma >= kMinSigma && sigma <= kMaxSigma))
    throw InvalidArgumentError("σ must lie in [" + numberText(kMinSigma) + ", " +
                               numberText(kMaxSigma) + "], got " + numberText(sigma));
}

std::map<std::string, double> MlpScoreModelConfig::headerNumbers() const {
  return {{"dimension", dimension},
          {"hidden_width", hiddenWidth},
          {"hidden_layers", hiddenLayers},
          {"level_features", levelFeatures},
          {"sigma", sigma}};
}

MlpScoreModelConfig MlpScoreModelConfig::fromHeader(const CheckpointHeader& header) {
  MlpScoreModelConfig config;
  config.dimension = header.integer("dimension", 1, kMaxDimension);
  config.hiddenWidth = header.integer("hidden_width", 1, kMaxHiddenWidth);
  config.hiddenLayers = header.integer("hidden_layers", 1, kMaxHiddenLayers);
  config.levelFeatures = header.integer("level_features", 0, kMaxLevelFeatures);
  config.sigma = header.number("sigma", kMinSigma, kMaxSigma);
  config.data = header.text("data");
  header.check([&] { config.validate(); });
  return config;
}

}  // namespace geodex
