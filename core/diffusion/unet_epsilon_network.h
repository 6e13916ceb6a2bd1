#pragma once
// A small time-conditioned convolutional U-Net ε̂(x_t, t) for 28×28 images (two resolutions
// below the input, residual blocks with GroupNorm and SiLU, sinusoidal timestep embedding).
// Default ≈ 0.4 M parameters: trainable on Rotated MNIST on 2 CPU cores in about half an hour.
// Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include "core/diffusion/unet_epsilon_network_options.h"

namespace geodex {

// Residual block: GroupNorm → SiLU → conv, plus the projected time embedding, twice.
class UnetResidualBlockImpl : public torch::nn::Module {
 public:
  UnetResidualBlockImpl(int in, int out, int timeChannels, int groups);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& time);

 private:
  torch::nn::GroupNorm norm1_{nullptr}, norm2_{nullptr};
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, skip_{nullptr};
  torch::nn::Linear time_{nullptr};
};
TORCH_MODULE(UnetResidualBlock);

class UnetEpsilonNetworkImpl : public torch::nn::Module {
 public:
  explicit UnetEpsilonNetworkImpl(const UnetEpsilonNetworkOptions& options);

  // x [B, C, S, S], t [B] (timesteps, any numeric dtype) → ε̂ [B, C, S, S].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& t);

  // Re-draws every parameter from `generator` (PyTorch's default conv/linear init).
  void initialize(at::Generator& generator);
  const UnetEpsilonNetworkOptions& options() const { return options_; }

 private:
  torch::Tensor timeEmbedding(const torch::Tensor& t) const;

  UnetEpsilonNetworkOptions options_;
  torch::nn::Sequential timeMlp_{nullptr};
  torch::nn::Conv2d input_{nullptr}, down1_{nullptr}, down2_{nullptr}, output_{nullptr};
  UnetResidualBlock block1_{nullptr}, block2_{nullptr}, middle_{nullptr}, up2_{nullptr},
      up1_{nullptr};
  torch::nn::GroupNorm outputNorm_{nullptr};
};
TORCH_MODULE(UnetEpsilonNetwork);

}  // namespace geodex
