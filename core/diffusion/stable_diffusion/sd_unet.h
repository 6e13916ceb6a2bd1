#pragma once
// Stable Diffusion's ε-network, the latent-diffusion UNetModel (use_spatial_transformer) in
// LibTorch: ResBlocks with a timestep embedding, spatial transformers with self-attention,
// cross-attention on the text context and a GEGLU feed-forward, strided-conv downsampling and
// nearest-neighbour upsampling, skip connections by concatenation. Submodules carry the original
// names, so named_parameters() are the checkpoint's keys without "model.diffusion_model."
// (input_blocks.1.0.in_layers.0.weight, …). Differentiable throughout: the score's vector–
// Jacobian product runs through it. Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"

namespace geodex {

class SdUnetImpl : public torch::nn::Module {
 public:
  explicit SdUnetImpl(const SdUnetConfig& config);
  // x [B, in, h, w] (h, w multiples of config.latentMultiple()), t [B] timesteps (any numeric
  // dtype), context [B or 1, tokens, contextDim] → [B, out, h, w].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& t, const torch::Tensor& context);
  const SdUnetConfig& config() const { return config_; }

 private:
  SdUnetConfig config_;
  torch::nn::Sequential timeEmbed_{nullptr};
  torch::nn::ModuleList inputBlocks_{nullptr};
  torch::nn::AnyModule middleBlock_;
  torch::nn::ModuleList outputBlocks_{nullptr};
  torch::nn::Sequential out_{nullptr};
};
TORCH_MODULE(SdUnet);

// The sinusoidal timestep embedding of latent diffusion: [cos(t·f), sin(t·f)] with
// f_i = 10000^(−i/half), i < half = dim/2 → [B, dim] float32.
torch::Tensor timestepEmbedding(const torch::Tensor& t, std::int64_t dim);

}  // namespace geodex
