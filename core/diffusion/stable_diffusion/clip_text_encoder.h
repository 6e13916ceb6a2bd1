#pragma once
// The text encoders of Stable Diffusion as one causal text transformer: CLIP ViT-L/14's (SD 1.x,
// quick-GELU) and OpenCLIP ViT-H/14's up to its penultimate layer (SD 2.x, GELU), both ending
// in the final layer norm; the output is the hidden state of every token (the U-Net's context).
// Submodules carry Hugging Face CLIPTextModel's names without "text_model." (embeddings.
// token_embedding, encoder.layers.0.self_attn.q_proj, final_layer_norm, …); OpenCLIP checkpoints
// are renamed to them on loading. Includes LibTorch: core .cpp files and tests only.
#include <torch/torch.h>

#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"

namespace geodex {

class ClipTextEncoderImpl : public torch::nn::Module {
 public:
  explicit ClipTextEncoderImpl(const ClipTextConfig& config);
  // tokens [B, n ≤ positions] int64 ids below the vocabulary size → [B, n, width].
  // InvalidArgumentError for ids outside the vocabulary or too many tokens.
  torch::Tensor forward(const torch::Tensor& tokens);
  const ClipTextConfig& config() const { return config_; }

 private:
  ClipTextConfig config_;
  torch::nn::Embedding tokenEmbedding_{nullptr}, positionEmbedding_{nullptr};
  torch::nn::ModuleList layers_{nullptr};
  torch::nn::LayerNorm finalNorm_{nullptr};
};
TORCH_MODULE(ClipTextEncoder);

}  // namespace geodex
