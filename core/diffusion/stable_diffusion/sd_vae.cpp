#include "core/diffusion/stable_diffusion/sd_vae.h"

#include <cmath>

#include "core/diffusion/stable_diffusion/sd_layers.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

namespace nn = torch::nn;

SdConv2d conv3x3(std::int64_t in, std::int64_t out) { return SdConv2d(in, out, 3, 1, 1); }
SdConv2d conv1x1(std::int64_t in, std::int64_t out) { return SdConv2d(in, out, 1); }

torch::Tensor swish(const torch::Tensor& x) { return torch::silu(x); }

// ldm ResnetBlock without a timestep: norm, swish, conv, norm, swish, conv, plus the input
// (through nin_shortcut, a 1×1 conv, when the channel count changes).
class ResnetBlockImpl : public nn::Module {
 public:
  ResnetBlockImpl(std::int64_t in, std::int64_t out) {
    norm1_ = register_module("norm1", GroupNorm32(in, 1e-6));
    conv1_ = register_module("conv1", conv3x3(in, out));
    norm2_ = register_module("norm2", GroupNorm32(out, 1e-6));
    conv2_ = register_module("conv2", conv3x3(out, out));
    if (in != out) shortcut_ = register_module("nin_shortcut", conv1x1(in, out));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = conv1_->forward(swish(norm1_->forward(x)));
    h = conv2_->forward(swish(norm2_->forward(h)));
    return (shortcut_ ? shortcut_->forward(x) : x) + h;
  }

 private:
  GroupNorm32 norm1_{nullptr}, norm2_{nullptr};
  SdConv2d conv1_{nullptr}, conv2_{nullptr}, shortcut_{nullptr};
};
TORCH_MODULE(ResnetBlock);

// ldm AttnBlock: single-head attention over the h·w positions with 1×1-conv q, k, v, proj_out.
class AttnBlockImpl : public nn::Module {
 public:
  explicit AttnBlockImpl(std::int64_t channels) {
    norm_ = register_module("norm", GroupNorm32(channels, 1e-6));
    q_ = register_module("q", conv1x1(channels, channels));
    k_ = register_module("k", conv1x1(channels, channels));
    v_ = register_module("v", conv1x1(channels, channels));
    proj_ = register_module("proj_out", conv1x1(channels, channels));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor h = norm_->forward(x);
    const std::int64_t b = x.size(0), c = x.size(1), hh = x.size(2), ww = x.size(3);
    const torch::Tensor q = q_->forward(h).reshape({b, c, hh * ww}).permute({0, 2, 1});
    const torch::Tensor k = k_->forward(h).reshape({b, c, hh * ww});
    const torch::Tensor weights = (torch::bmm(q, k) * (1.0 / std::sqrt(double(c)))).softmax(2);
    const torch::Tensor v = v_->forward(h).reshape({b, c, hh * ww});
    const torch::Tensor out = torch::bmm(v, weights.permute({0, 2, 1})).reshape({b, c, hh, ww});
    return x + proj_->forward(out);
  }

 private:
  GroupNorm32 norm_{nullptr};
  SdConv2d q_{nullptr}, k_{nullptr}, v_{nullptr}, proj_{nullptr};
};
TORCH_MODULE(AttnBlock);

// ldm Downsample (with conv): pad right and bottom by one, then a 3×3 conv of stride 2.
class VaeDownsampleImpl : public nn::Module {
 public:
  explicit VaeDownsampleImpl(std::int64_t channels) {
    conv_ = register_module("conv", SdConv2d(channels, channels, 3, 2, 0));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    return conv_->forward(torch::constant_pad_nd(x, {0, 1, 0, 1}, 0));
  }

 private:
  SdConv2d conv_{nullptr};
};
TORCH_MODULE(VaeDownsample);

// One resolution of the encoder or decoder: "block" (ResnetBlocks), an empty "attn" list (SD has
// no attention there) and "downsample" or "upsample".
class VaeLevelImpl : public nn::Module {
 public:
  VaeLevelImpl(std::int64_t in, std::int64_t out, int blocks) {
    blocks_ = register_module("block", nn::ModuleList());
    for (int i = 0; i < blocks; ++i) blocks_->push_back(ResnetBlock(i == 0 ? in : out, out));
  }
  void addDownsample(std::int64_t channels) { down_ = register_module("downsample", VaeDownsample(channels)); }
  void addUpsample(std::int64_t channels) { up_ = register_module("upsample", Upsample(channels)); }
  torch::Tensor forward(torch::Tensor x) {
    for (const auto& block : *blocks_) x = block->as<ResnetBlock>()->forward(x);
    if (down_) x = down_->forward(x);
    if (up_) x = up_->forward(x);
    return x;
  }

 private:
  nn::ModuleList blocks_{nullptr};
  VaeDownsample down_{nullptr};
  Upsample up_{nullptr};
};
TORCH_MODULE(VaeLevel);

// mid: block_1, attn_1, block_2.
class VaeMidImpl : public nn::Module {
 public:
  explicit VaeMidImpl(std::int64_t channels) {
    block1_ = register_module("block_1", ResnetBlock(channels, channels));
    attn_ = register_module("attn_1", AttnBlock(channels));
    block2_ = register_module("block_2", ResnetBlock(channels, channels));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    return block2_->forward(attn_->forward(block1_->forward(x)));
  }

 private:
  ResnetBlock block1_{nullptr}, block2_{nullptr};
  AttnBlock attn_{nullptr};
};
TORCH_MODULE(VaeMid);

// What the encoder and the decoder share: conv_in, one level per resolution (the list "down" or
// "up"), mid, and norm_out, swish and conv_out at the end.
class VaeCoderImpl : public nn::Module {
 protected:
  // norm_out and conv_out, from `in` to `out` channels.
  void addOutput(std::int64_t in, std::int64_t out) {
    normOut_ = register_module("norm_out", GroupNorm32(in, 1e-6));
    convOut_ = register_module("conv_out", conv3x3(in, out));
  }
  torch::Tensor output(const torch::Tensor& h) {
    return convOut_->forward(swish(normOut_->forward(h)));
  }

  SdConv2d convIn_{nullptr}, convOut_{nullptr};
  nn::ModuleList levels_{nullptr};
  VaeMid mid_{nullptr};
  GroupNorm32 normOut_{nullptr};
};

class EncoderImpl : public VaeCoderImpl {
 public:
  explicit EncoderImpl(const SdVaeConfig& c) {
    const int levels = c.levels();
    convIn_ = register_module("conv_in", conv3x3(c.imageChannels, c.channels));
    levels_ = register_module("down", nn::ModuleList());
    std::int64_t in = c.channels;
    for (int level = 0; level < levels; ++level) {
      const std::int64_t out = c.channels * c.channelMult[level];
      VaeLevel stage(in, out, c.resBlocks);
      if (level != levels - 1) stage->addDownsample(out);
      levels_->push_back(stage);
      in = out;
    }
    mid_ = register_module("mid", VaeMid(in));
    addOutput(in, 2 * c.zChannels);
  }
  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = convIn_->forward(x);
    for (const auto& level : *levels_) h = level->as<VaeLevel>()->forward(h);
    return output(mid_->forward(h));
  }
};
TORCH_MODULE(Encoder);

class DecoderImpl : public VaeCoderImpl {
 public:
  explicit DecoderImpl(const SdVaeConfig& c) {
    const int levels = c.levels();
    const std::int64_t top = c.channels * c.channelMult.back();
    convIn_ = register_module("conv_in", conv3x3(c.zChannels, top));
    mid_ = register_module("mid", VaeMid(top));
    // up[i] is resolution i (up[0] the image's); they run from the last to the first.
    levels_ = register_module("up", nn::ModuleList());
    for (int level = 0; level < levels; ++level) {
      const std::int64_t out = c.channels * c.channelMult[level];
      const std::int64_t in = level == levels - 1 ? top : c.channels * c.channelMult[level + 1];
      VaeLevel stage(in, out, c.resBlocks + 1);
      if (level != 0) stage->addUpsample(out);
      levels_->push_back(stage);
    }
    addOutput(c.channels * c.channelMult[0], c.imageChannels);
  }
  torch::Tensor forward(const torch::Tensor& z) {
    torch::Tensor h = mid_->forward(convIn_->forward(z));
    for (std::size_t level = levels_->size(); level-- > 0;)
      h = levels_[level]->as<VaeLevel>()->forward(h);
    return output(h);
  }
};
TORCH_MODULE(Decoder);

}  // namespace

SdVaeImpl::SdVaeImpl(const SdVaeConfig& config) : config_(config) {
  if (config.channelMult.empty() || config.resBlocks < 1 || config.channels < 1)
    throw InvalidArgumentError("VAE configuration: inconsistent levels");
  encoder_ = register_module("encoder", Encoder(config).ptr());
  decoder_ = register_module("decoder", Decoder(config).ptr());
  quantConv_ = register_module("quant_conv", conv1x1(2 * config.zChannels, 2 * config.embedDim));
  postQuantConv_ = register_module("post_quant_conv", conv1x1(config.embedDim, config.zChannels));
  // Loading copies into these tensors and keeps their layout.
  torch::NoGradGuard noGrad;
  for (torch::Tensor& p : parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
}

torch::Tensor SdVaeImpl::encodeMean(const torch::Tensor& images) {
  const torch::Tensor x = images.contiguous(torch::MemoryFormat::ChannelsLast);
  const torch::Tensor moments = quantConv_->forward(std::static_pointer_cast<EncoderImpl>(encoder_)->forward(x));
  return moments.narrow(1, 0, config_.embedDim).contiguous();
}

torch::Tensor SdVaeImpl::decode(const torch::Tensor& latents) {
  const torch::Tensor z = latents.contiguous(torch::MemoryFormat::ChannelsLast);
  return std::static_pointer_cast<DecoderImpl>(decoder_)->forward(postQuantConv_->forward(z)).contiguous();
}

}  // namespace geodex
