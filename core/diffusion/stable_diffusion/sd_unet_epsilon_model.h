#pragma once
// Stable Diffusion's U-Net as an ε-model over scaled latents: the text context is fixed (the
// prompt's embedding, [1, tokens, C], shared by the batch), and a v-prediction model's output is
// turned into ε̂ = √ᾱ_t·v̂ + √(1−ᾱ_t)·x_t, so DDIM and the score see ε either way. Includes
// LibTorch.
#include "core/diffusion/epsilon_model.h"
#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/stable_diffusion/sd_unet.h"

namespace geodex {

class SdUnetEpsilonModel : public EpsilonModel {
 public:
  // context [1, tokens, contextDim] on the U-Net's device; latentShape {C, h, w}.
  SdUnetEpsilonModel(SdUnet unet, torch::Tensor context, PredictionType prediction,
                     const NoiseSchedule& schedule, std::vector<std::int64_t> latentShape,
                     torch::Device device, torch::Dtype dtype);

  std::string name() const override { return "Stable Diffusion U-Net"; }
  std::vector<std::int64_t> sampleShape() const override { return latentShape_; }
  torch::Device device() const override { return device_; }
  torch::Dtype dtype() const override { return dtype_; }
  PredictionType prediction() const { return prediction_; }

 protected:
  torch::Tensor computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const override;

 private:
  mutable SdUnet unet_;  // forward() is not const; the module is not modified
  torch::Tensor context_;
  PredictionType prediction_;
  torch::Tensor alphaBars_;  // [T] on device, for v → ε
  std::vector<std::int64_t> latentShape_;
  torch::Device device_;
  torch::Dtype dtype_;
};

}  // namespace geodex
