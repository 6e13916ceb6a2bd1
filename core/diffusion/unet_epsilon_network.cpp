#include "core/diffusion/unet_epsilon_network.h"

#include <cmath>

#include "core/util/errors.h"

namespace geodex {

namespace nn = torch::nn;

namespace {
nn::Conv2d conv3x3(int in, int out, int stride = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}
}  // namespace

UnetResidualBlockImpl::UnetResidualBlockImpl(int in, int out, int timeChannels, int groups) {
  norm1_ = register_module("norm1", nn::GroupNorm(nn::GroupNormOptions(groups, in)));
  conv1_ = register_module("conv1", conv3x3(in, out));
  time_ = register_module("time", nn::Linear(timeChannels, out));
  norm2_ = register_module("norm2", nn::GroupNorm(nn::GroupNormOptions(groups, out)));
  conv2_ = register_module("conv2", conv3x3(out, out));
  if (in != out) skip_ = register_module("skip", nn::Conv2d(nn::Conv2dOptions(in, out, 1)));
}

torch::Tensor UnetResidualBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& time) {
  torch::Tensor h = conv1_->forward(torch::silu(norm1_->forward(x)));
  h = h + time_->forward(time).unsqueeze(-1).unsqueeze(-1);
  h = conv2_->forward(torch::silu(norm2_->forward(h)));
  return h + (skip_ ? skip_->forward(x) : x);
}

UnetEpsilonNetworkImpl::UnetEpsilonNetworkImpl(const UnetEpsilonNetworkOptions& options)
    : options_(options) {
  options.validate();
  const int c = options.baseChannels, c2 = 2 * options.baseChannels;
  const int timeChannels = 4 * c;
  timeMlp_ = register_module("time_mlp", nn::Sequential(nn::Linear(options.timeFeatures, timeChannels),
                                                         nn::SiLU(),
                                                         nn::Linear(timeChannels, timeChannels)));
  const int g = options.groups;
  input_ = register_module("input", conv3x3(options.imageChannels, c));
  block1_ = register_module("block1", UnetResidualBlock(c, c, timeChannels, g));       // S
  down1_ = register_module("down1", conv3x3(c, c, 2));                                 // S/2
  block2_ = register_module("block2", UnetResidualBlock(c, c2, timeChannels, g));
  down2_ = register_module("down2", conv3x3(c2, c2, 2));                               // S/4
  middle_ = register_module("middle", UnetResidualBlock(c2, c2, timeChannels, g));
  up2_ = register_module("up2", UnetResidualBlock(c2 + c2, c2, timeChannels, g));      // S/2
  up1_ = register_module("up1", UnetResidualBlock(c2 + c, c, timeChannels, g));        // S
  outputNorm_ = register_module("output_norm", nn::GroupNorm(nn::GroupNormOptions(g, c)));
  output_ = register_module("output", conv3x3(c, options.imageChannels));
}

torch::Tensor UnetEpsilonNetworkImpl::timeEmbedding(const torch::Tensor& t) const {
  // Transformer-style sinusoids over periods 1 … 10⁴ timesteps.
  const int half = options_.timeFeatures / 2;
  const auto floatOptions = torch::TensorOptions().dtype(torch::kFloat32).device(t.device());
  const torch::Tensor frequencies =
      torch::exp(-std::log(10000.0) * torch::arange(half, floatOptions) / half);
  const torch::Tensor phase = t.to(torch::kFloat32).unsqueeze(1) * frequencies.unsqueeze(0);
  return torch::cat({torch::sin(phase), torch::cos(phase)}, 1);
}

torch::Tensor UnetEpsilonNetworkImpl::forward(const torch::Tensor& x, const torch::Tensor& t) {
  namespace F = torch::nn::functional;
  const torch::Tensor time = timeMlp_->forward(timeEmbedding(t).to(x.dtype()));
  const torch::Tensor h1 = block1_->forward(input_->forward(x), time);
  const torch::Tensor h2 = block2_->forward(down1_->forward(h1), time);
  torch::Tensor h = middle_->forward(down2_->forward(h2), time);
  const auto up = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0})
                      .mode(torch::kNearest);
  h = up2_->forward(torch::cat({F::interpolate(h, up), h2}, 1), time);
  h = up1_->forward(torch::cat({F::interpolate(h, up), h1}, 1), time);
  return output_->forward(torch::silu(outputNorm_->forward(h)));
}

void UnetEpsilonNetworkImpl::initialize(at::Generator& generator) {
  torch::NoGradGuard noGrad;
  // Conv and linear weights with their biases: uniform(±1/√fan_in), PyTorch's default;
  // GroupNorm keeps its identity affine.
  for (auto& module : modules(/*include_self=*/false)) {
    torch::Tensor weight, bias;
    if (auto* conv = module->as<nn::Conv2d>()) {
      weight = conv->weight;
      bias = conv->bias;
    } else if (auto* linear = module->as<nn::Linear>()) {
      weight = linear->weight;
      bias = linear->bias;
    } else {
      continue;
    }
    const double fanIn = static_cast<double>(weight[0].numel());
    const double bound = 1.0 / std::sqrt(fanIn);
    weight.uniform_(-bound, bound, generator);
    if (bias.defined()) bias.uniform_(-bound, bound, generator);
  }
}

}  // namespace geodex
