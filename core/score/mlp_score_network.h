#pragma once
// The MLP behind MlpScoreModel: predicts the noise ε̂(x, σ) of x = y + σz (DSM target z), so
// that s(x) = −ε̂/σ. Conditioned on the noise level through sinusoidal features of log σ.
// Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

namespace geodex {

struct MlpScoreNetworkOptions {
  int dimension = 3;
  int hiddenWidth = 128;
  int hiddenLayers = 3;
  int levelFeatures = 16;  // sinusoidal features of log σ (even)
};

class MlpScoreNetworkImpl : public torch::nn::Module {
 public:
  explicit MlpScoreNetworkImpl(const MlpScoreNetworkOptions& options);

  // x [B, d], logSigma [B] → ε̂ [B, d].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& logSigma);

  // Re-draws every parameter from `generator` (PyTorch's default Linear init), so that a seed
  // fixes the network without touching LibTorch's global generator.
  void initialize(at::Generator& generator);

  const MlpScoreNetworkOptions& options() const { return options_; }

 private:
  MlpScoreNetworkOptions options_;
  torch::Tensor frequencies_;  // buffer [levelFeatures/2]
  torch::nn::Sequential layers_{nullptr};
};
TORCH_MODULE(MlpScoreNetwork);

}  // namespace geodex
