#pragma once
// Layers the Stable Diffusion networks share (U-Net, VAE, text encoders). Includes LibTorch.
#include <torch/torch.h>

#include <optional>

namespace geodex {

// Group normalisation over 32 groups, computed in float32 whatever the input's dtype (ldm's
// GroupNorm32 and Normalize; half-precision inputs on CUDA keep their statistics exact).
// Parameters "weight" and "bias" of [channels].
class GroupNorm32Impl : public torch::nn::Module {
 public:
  GroupNorm32Impl(std::int64_t channels, double eps);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  double eps_;
  torch::Tensor weight_, bias_;
};
TORCH_MODULE(GroupNorm32);

// A 2-D convolution ("weight" [out, in, k, k], "bias" [out]) that picks its CPU kernel by shape:
// oneDNN, except for wide layers on small feature maps (≥ 8 M weights, ≤ 256 positions: SD's
// 1280-channel levels), where oneDNN runs at 20–70 GFLOP/s and im2col + BLAS at 160–175 on this
// machine (docs/benchmarks.md). Differentiable either way.
class SdConv2dImpl : public torch::nn::Module {
 public:
  SdConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1,
               std::int64_t padding = 0);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  std::int64_t kernel_, stride_, padding_;
  torch::Tensor weight_, bias_;
};
TORCH_MODULE(SdConv2d);

// Nearest-neighbour ×2 upsampling, then a 3×3 convolution named "conv" (ldm Upsample).
class UpsampleImpl : public torch::nn::Module {
 public:
  explicit UpsampleImpl(std::int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  SdConv2d conv_{nullptr};
};
TORCH_MODULE(Upsample);

// Attention over `heads` heads: q [B, N, H·D], k and v [B or 1, M, H·D] → [B, N, H·D].
// softmax(q kᵀ·scale + mask) v; scaleQueries multiplies q by the scale before the product
// (CLIP's order) instead of the product after it (latent diffusion's): the same value up to
// rounding, kept as each reference computes it. mask [N, M] is added to the scores.
torch::Tensor multiHeadAttention(const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v, int heads, double scale,
                                 bool scaleQueries, const std::optional<torch::Tensor>& mask = {});

}  // namespace geodex
