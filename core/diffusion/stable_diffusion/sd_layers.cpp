#include "core/diffusion/stable_diffusion/sd_layers.h"

#include <cmath>

namespace geodex {

GroupNorm32Impl::GroupNorm32Impl(std::int64_t channels, double eps) : eps_(eps) {
  weight_ = register_parameter("weight", torch::ones({channels}));
  bias_ = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor GroupNorm32Impl::forward(const torch::Tensor& x) {
  if (x.scalar_type() == torch::kFloat32 && weight_.scalar_type() == torch::kFloat32)
    return torch::group_norm(x, 32, weight_, bias_, eps_);
  return torch::group_norm(x.to(torch::kFloat32), 32, weight_.to(torch::kFloat32),
                           bias_.to(torch::kFloat32), eps_)
      .to(x.scalar_type());
}

SdConv2dImpl::SdConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel,
                           std::int64_t stride, std::int64_t padding)
    : kernel_(kernel), stride_(stride), padding_(padding) {
  // LibTorch's own Conv2d initialisation (Kaiming-uniform, a = √5): random weights of the
  // right scale for benchmarks; checkpoints overwrite them.
  weight_ = register_parameter("weight", torch::empty({out, in, kernel, kernel}));
  bias_ = register_parameter("bias", torch::empty({out}));
  torch::NoGradGuard noGrad;
  torch::nn::init::kaiming_uniform_(weight_, std::sqrt(5.0));
  const double bound = 1.0 / std::sqrt(double(in * kernel * kernel));
  bias_.uniform_(-bound, bound);
}

torch::Tensor SdConv2dImpl::forward(const torch::Tensor& x) {
  const bool wideOnSmallMap = x.device().is_cpu() && weight_.numel() >= (8 << 20) &&
                              x.size(2) * x.size(3) <= 256;
  if (wideOnSmallMap)
    return torch::thnn_conv2d(x, weight_, {kernel_, kernel_}, bias_, {stride_, stride_},
                              {padding_, padding_});
  return torch::conv2d(x, weight_, bias_, stride_, padding_);
}

UpsampleImpl::UpsampleImpl(std::int64_t channels) {
  conv_ = register_module("conv", SdConv2d(channels, channels, 3, 1, 1));
}

torch::Tensor UpsampleImpl::forward(const torch::Tensor& x) {
  namespace F = torch::nn::functional;
  return conv_->forward(F::interpolate(x, F::InterpolateFuncOptions()
                                              .scale_factor(std::vector<double>{2.0, 2.0})
                                              .mode(torch::kNearest)));
}

torch::Tensor multiHeadAttention(const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v, int heads, double scale,
                                 bool scaleQueries, const std::optional<torch::Tensor>& mask) {
  const std::int64_t b = q.size(0), n = q.size(1), width = q.size(2), dim = width / heads;
  // [B, N, H·D] → [B, H, N, D]; a batch-1 context broadcasts in the products.
  const auto split = [&](const torch::Tensor& t) {
    return t.view({t.size(0), t.size(1), heads, dim}).transpose(1, 2);
  };
  torch::Tensor scores = scaleQueries ? torch::matmul(split(q) * scale, split(k).transpose(-1, -2))
                                      : torch::matmul(split(q), split(k).transpose(-1, -2)) * scale;
  if (mask) scores = scores + *mask;
  const torch::Tensor out = torch::matmul(scores.softmax(-1), split(v));
  return out.transpose(1, 2).reshape({b, n, width});
}

}  // namespace geodex
