#pragma once
// Stable Diffusion's KL autoencoder (latent diffusion's Encoder, Decoder, quant_conv and
// post_quant_conv) in LibTorch, with the original submodule names (encoder.down.0.block.0.norm1,
// decoder.up.3.upsample.conv, …: the checkpoint's keys without "first_stage_model."). It computes
// in channels-last layout (weights and activations): its convolutions on 256²–512² maps run
// about 1.5× faster so (docs/benchmarks.md); inputs and outputs are ordinary NCHW tensors.
// Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include "core/diffusion/stable_diffusion/sd_layers.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"

namespace geodex {

class SdVaeImpl : public torch::nn::Module {
 public:
  explicit SdVaeImpl(const SdVaeConfig& config);
  // Images [B, 3, H, W] in [−1, 1] (H, W multiples of config.downsampling()) → the posterior
  // mean [B, embedDim, H/f, W/f], not yet multiplied by the scale factor.
  torch::Tensor encodeMean(const torch::Tensor& images);
  // Unscaled latents [B, embedDim, h, w] → images [B, 3, f·h, f·w], about [−1, 1], unclamped.
  torch::Tensor decode(const torch::Tensor& latents);
  const SdVaeConfig& config() const { return config_; }

 private:
  SdVaeConfig config_;
  std::shared_ptr<torch::nn::Module> encoder_, decoder_;
  SdConv2d quantConv_{nullptr}, postQuantConv_{nullptr};
};
TORCH_MODULE(SdVae);

}  // namespace geodex
