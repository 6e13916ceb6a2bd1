#include "core/score/mlp_score_network.h"

#include <cmath>

#include "core/util/errors.h"

namespace geodex {

MlpScoreNetworkImpl::MlpScoreNetworkImpl(const MlpScoreNetworkOptions& options)
    : options_(options) {
  if (options.dimension < 1 || options.hiddenWidth < 1 || options.hiddenLayers < 1 ||
      options.levelFeatures < 0 || options.levelFeatures % 2 != 0)
    throw InvalidArgumentError(
        "MLP score network needs dimension, width and layers ≥ 1 and an even number of level "
        "features");
  // Frequencies 1 … 2^(k−1): resolve log σ over a few octaves of σ.
  frequencies_ = register_buffer(
      "frequencies", torch::pow(2.0, torch::arange(options.levelFeatures / 2, torch::kFloat32)));
  layers_ = register_module("layers", torch::nn::Sequential());
  int in = options.dimension + options.levelFeatures;
  for (int i = 0; i < options.hiddenLayers; ++i) {
    layers_->push_back(torch::nn::Linear(in, options.hiddenWidth));
    layers_->push_back(torch::nn::SiLU());
    in = options.hiddenWidth;
  }
  layers_->push_back(torch::nn::Linear(in, options.dimension));
}

torch::Tensor MlpScoreNetworkImpl::forward(const torch::Tensor& x, const torch::Tensor& logSigma) {
  torch::Tensor input = x;
  if (options_.levelFeatures > 0) {
    const torch::Tensor phase = logSigma.to(x.dtype()).unsqueeze(1) * frequencies_.to(x.dtype());
    input = torch::cat({x, torch::sin(phase), torch::cos(phase)}, 1);
  }
  return layers_->forward(input);
}

void MlpScoreNetworkImpl::initialize(at::Generator& generator) {
  torch::NoGradGuard noGrad;
  for (auto& module : layers_->children()) {
    if (auto* linear = module->as<torch::nn::Linear>()) {
      const double bound = 1.0 / std::sqrt(static_cast<double>(linear->weight.size(1)));
      linear->weight.uniform_(-bound, bound, generator);
      linear->bias.uniform_(-bound, bound, generator);
    }
  }
}

}  // namespace geodex
