#pragma once
// A diffusion model that predicts the noise ε in x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε (DDPM
// ε-parameterisation). Subclasses: networks geodex trains (UnetEpsilonModel) and TorchScript
// modules users bring (TorchScriptEpsilonModel). Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/torch_device.h"  // shapeString

namespace geodex {

class EpsilonModel {
 public:
  virtual ~EpsilonModel() = default;

  virtual std::string name() const = 0;
  // Shape of one sample without the batch dimension: {d} for vectors, {C, H, W} for images.
  virtual std::vector<std::int64_t> sampleShape() const = 0;
  virtual torch::Device device() const = 0;
  // The dtype the model computes in (inputs are converted to it).
  virtual torch::Dtype dtype() const = 0;

  // ε̂(x_t, t): x [B, sampleShape...] (any device/dtype), t [B] int64 timesteps → ε̂ shaped like
  // x, on device() in dtype(). Differentiable in x (no grad guard inside). Throws
  // InvalidArgumentError on a wrong input shape and ModelError on a misshapen output,
  // NumericalError on a non-finite one (the run failed).
  torch::Tensor predict(const torch::Tensor& x, const torch::Tensor& t) const;
  // The same timestep for the whole batch.
  torch::Tensor predict(const torch::Tensor& x, std::int64_t t) const;

  // Number of elements of one sample (d = ∏ sampleShape).
  std::int64_t sampleSize() const;

 protected:
  // x already on device() in dtype() and of the right shape; t int64 [B] on device().
  virtual torch::Tensor computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const = 0;
};

}  // namespace geodex
