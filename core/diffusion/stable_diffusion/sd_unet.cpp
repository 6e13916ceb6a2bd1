#include "core/diffusion/stable_diffusion/sd_unet.h"

#include <cmath>

#include "core/diffusion/stable_diffusion/sd_layers.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

namespace nn = torch::nn;

// ldm ResBlock (use_scale_shift_norm off): norm, SiLU, conv; + the projected timestep
// embedding; norm, SiLU, dropout, conv; plus the input (through a 1×1 conv when the channel
// count changes).
class ResBlockImpl : public nn::Module {
 public:
  ResBlockImpl(std::int64_t in, std::int64_t embedding, std::int64_t out) {
    inLayers_ = register_module(
        "in_layers", nn::Sequential(GroupNorm32(in, 1e-5), nn::SiLU(),
                                    SdConv2d(in, out, 3, 1, 1)));
    embLayers_ = register_module("emb_layers", nn::Sequential(nn::SiLU(), nn::Linear(embedding, out)));
    outLayers_ = register_module(
        "out_layers", nn::Sequential(GroupNorm32(out, 1e-5), nn::SiLU(), nn::Dropout(0.0),
                                     SdConv2d(out, out, 3, 1, 1)));
    if (in != out) skip_ = register_module("skip_connection", SdConv2d(in, out, 1));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb) {
    torch::Tensor h = inLayers_->forward(x);
    h = h + embLayers_->forward(emb).unsqueeze(-1).unsqueeze(-1);
    h = outLayers_->forward(h);
    return (skip_ ? skip_->forward(x) : x) + h;
  }

 private:
  nn::Sequential inLayers_{nullptr}, embLayers_{nullptr}, outLayers_{nullptr};
  SdConv2d skip_{nullptr};
};
TORCH_MODULE(ResBlock);

// ldm CrossAttention: heads of dimHead channels, softmax(q kᵀ · dimHead^−½) v; the context
// (keys and values) may have batch 1 and is then shared by the whole batch.
class CrossAttentionImpl : public nn::Module {
 public:
  CrossAttentionImpl(std::int64_t queryDim, std::int64_t contextDim, int heads, std::int64_t dimHead)
      : heads_(heads), scale_(1.0 / std::sqrt(double(dimHead))) {
    const std::int64_t inner = heads * dimHead;
    toQ_ = register_module("to_q", nn::Linear(nn::LinearOptions(queryDim, inner).bias(false)));
    toK_ = register_module("to_k", nn::Linear(nn::LinearOptions(contextDim, inner).bias(false)));
    toV_ = register_module("to_v", nn::Linear(nn::LinearOptions(contextDim, inner).bias(false)));
    toOut_ = register_module("to_out", nn::Sequential(nn::Linear(inner, queryDim), nn::Dropout(0.0)));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context) {
    const torch::Tensor q = toQ_->forward(x), k = toK_->forward(context), v = toV_->forward(context);
    return toOut_->forward(multiHeadAttention(q, k, v, heads_, scale_, /*scaleQueries=*/false));
  }

 private:
  int heads_;
  double scale_;
  nn::Linear toQ_{nullptr}, toK_{nullptr}, toV_{nullptr};
  nn::Sequential toOut_{nullptr};
};
TORCH_MODULE(CrossAttention);

// GEGLU: one projection to twice the width, split in half: value · GELU(gate).
class GegluImpl : public nn::Module {
 public:
  GegluImpl(std::int64_t in, std::int64_t out) { proj_ = register_module("proj", nn::Linear(in, out * 2)); }
  torch::Tensor forward(const torch::Tensor& x) {
    const std::vector<torch::Tensor> halves = proj_->forward(x).chunk(2, -1);
    return halves[0] * torch::gelu(halves[1]);
  }

 private:
  nn::Linear proj_{nullptr};
};
TORCH_MODULE(Geglu);

// ldm FeedForward (gated, 4× width): GEGLU, dropout, projection back.
class FeedForwardImpl : public nn::Module {
 public:
  explicit FeedForwardImpl(std::int64_t dim) {
    net_ = register_module("net", nn::Sequential(Geglu(dim, dim * 4), nn::Dropout(0.0), nn::Linear(dim * 4, dim)));
  }
  torch::Tensor forward(const torch::Tensor& x) { return net_->forward(x); }

 private:
  nn::Sequential net_{nullptr};
};
TORCH_MODULE(FeedForward);

// ldm BasicTransformerBlock: pre-norm self-attention, cross-attention on the context,
// feed-forward, each added to its input.
class TransformerBlockImpl : public nn::Module {
 public:
  TransformerBlockImpl(std::int64_t dim, int heads, std::int64_t dimHead, std::int64_t contextDim) {
    attn1_ = register_module("attn1", CrossAttention(dim, dim, heads, dimHead));
    ff_ = register_module("ff", FeedForward(dim));
    attn2_ = register_module("attn2", CrossAttention(dim, contextDim, heads, dimHead));
    norm1_ = register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dim}).eps(1e-5)));
    norm2_ = register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dim}).eps(1e-5)));
    norm3_ = register_module("norm3", nn::LayerNorm(nn::LayerNormOptions({dim}).eps(1e-5)));
  }
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& context) {
    const torch::Tensor normed = norm1_->forward(x);
    x = attn1_->forward(normed, normed) + x;
    x = attn2_->forward(norm2_->forward(x), context) + x;
    return ff_->forward(norm3_->forward(x)) + x;
  }

 private:
  CrossAttention attn1_{nullptr}, attn2_{nullptr};
  FeedForward ff_{nullptr};
  nn::LayerNorm norm1_{nullptr}, norm2_{nullptr}, norm3_{nullptr};
};
TORCH_MODULE(TransformerBlock);

// ldm SpatialTransformer: group norm (ε 1e-6), projection in (1×1 conv, or Linear on the tokens
// for SD 2.x), transformer blocks over the h·w tokens, projection out, plus the input.
class SpatialTransformerImpl : public nn::Module {
 public:
  SpatialTransformerImpl(std::int64_t channels, int heads, std::int64_t dimHead, int depth,
                         std::int64_t contextDim, bool linear)
      : linear_(linear) {
    const std::int64_t inner = heads * dimHead;
    norm_ = register_module("norm", GroupNorm32(channels, 1e-6));
    if (linear) {
      projInLinear_ = register_module("proj_in", nn::Linear(channels, inner));
      projOutLinear_ = register_module("proj_out", nn::Linear(inner, channels));
    } else {
      projIn_ = register_module("proj_in", SdConv2d(channels, inner, 1));
      projOut_ = register_module("proj_out", SdConv2d(inner, channels, 1));
    }
    blocks_ = register_module("transformer_blocks", nn::ModuleList());
    for (int d = 0; d < depth; ++d) blocks_->push_back(TransformerBlock(inner, heads, dimHead, contextDim));
  }
  torch::Tensor forward(const torch::Tensor& input, const torch::Tensor& context) {
    const std::int64_t b = input.size(0), h = input.size(2), w = input.size(3);
    torch::Tensor x = norm_->forward(input);
    if (linear_) {
      x = projInLinear_->forward(x.flatten(2).transpose(1, 2));
    } else {
      x = projIn_->forward(x);
      x = x.flatten(2).transpose(1, 2);
    }
    for (const auto& block : *blocks_) x = block->as<TransformerBlock>()->forward(x, context);
    if (linear_) {
      x = projOutLinear_->forward(x).transpose(1, 2).reshape({b, -1, h, w});
    } else {
      x = projOut_->forward(x.transpose(1, 2).reshape({b, -1, h, w}));
    }
    return x + input;
  }

 private:
  bool linear_;
  GroupNorm32 norm_{nullptr};
  SdConv2d projIn_{nullptr}, projOut_{nullptr};
  nn::Linear projInLinear_{nullptr}, projOutLinear_{nullptr};
  nn::ModuleList blocks_{nullptr};
};
TORCH_MODULE(SpatialTransformer);

// ldm Downsample (conv_resample): a 3×3 convolution of stride 2, padding 1.
class DownsampleImpl : public nn::Module {
 public:
  explicit DownsampleImpl(std::int64_t channels) {
    op_ = register_module("op", SdConv2d(channels, channels, 3, 2, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) { return op_->forward(x); }

 private:
  SdConv2d op_{nullptr};
};
TORCH_MODULE(Downsample);

// ldm TimestepEmbedSequential: the layers of one input/middle/output block, named "0", "1", …,
// each called with what it takes (ResBlock: the embedding; transformer: the context).
class UnetStageImpl : public nn::Module {
 public:
  void add(nn::AnyModule layer, std::shared_ptr<nn::Module> module) {
    register_module(std::to_string(layers_.size()), std::move(module));
    layers_.push_back(std::move(layer));
  }
  template <class Holder>
  void add(Holder holder) {
    add(nn::AnyModule(holder), holder.ptr());
  }
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& emb, const torch::Tensor& context) {
    for (nn::AnyModule& layer : layers_) {
      if (layer.type_info() == typeid(ResBlockImpl))
        x = layer.get<ResBlock>()->forward(x, emb);
      else if (layer.type_info() == typeid(SpatialTransformerImpl))
        x = layer.get<SpatialTransformer>()->forward(x, context);
      else
        x = layer.forward(x);
    }
    return x;
  }

 private:
  std::vector<nn::AnyModule> layers_;
};
TORCH_MODULE(UnetStage);

}  // namespace

torch::Tensor timestepEmbedding(const torch::Tensor& t, std::int64_t dim) {
  const std::int64_t half = dim / 2;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat32).device(t.device());
  const torch::Tensor freqs =
      torch::exp(-std::log(10000.0) * torch::arange(0, half, floats) / double(half));
  const torch::Tensor args = t.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);
  torch::Tensor embedding = torch::cat({torch::cos(args), torch::sin(args)}, -1);
  if (dim % 2) embedding = torch::cat({embedding, torch::zeros_like(embedding.narrow(1, 0, 1))}, -1);
  return embedding;
}

SdUnetImpl::SdUnetImpl(const SdUnetConfig& config) : config_(config) {
  const std::int64_t mc = config.modelChannels, ted = config.timeEmbedDim();
  if (config.channelMult.empty() || config.attention.size() != config.channelMult.size() ||
      config.resBlocks < 1 || mc < 1)
    throw InvalidArgumentError("U-Net configuration: inconsistent levels");
  timeEmbed_ = register_module("time_embed", nn::Sequential(nn::Linear(mc, ted), nn::SiLU(), nn::Linear(ted, ted)));
  const auto transformer = [&](int level, std::int64_t channels) {
    const int heads = config.headsAt(level, channels);
    if (heads < 1 || channels % heads != 0)
      throw InvalidArgumentError("U-Net configuration: " + std::to_string(channels) +
                                 " channels do not split into " + std::to_string(heads) + " heads");
    return SpatialTransformer(channels, heads, channels / heads, config.transformerDepth,
                              config.contextDim, config.linearProjection);
  };

  inputBlocks_ = register_module("input_blocks", nn::ModuleList());
  UnetStage first;
  first->add(SdConv2d(config.inChannels, mc, 3, 1, 1));
  inputBlocks_->push_back(first);
  std::vector<std::int64_t> skipChannels{mc};
  std::int64_t ch = mc;
  const int levels = config.levels();
  for (int level = 0; level < levels; ++level) {
    for (int r = 0; r < config.resBlocks; ++r) {
      UnetStage stage;
      stage->add(ResBlock(ch, ted, config.channelMult[level] * mc));
      ch = config.channelMult[level] * mc;
      if (config.attention[level]) stage->add(transformer(level, ch));
      inputBlocks_->push_back(stage);
      skipChannels.push_back(ch);
    }
    if (level != levels - 1) {
      UnetStage stage;
      stage->add(Downsample(ch));
      inputBlocks_->push_back(stage);
      skipChannels.push_back(ch);
    }
  }
  UnetStage middle;
  middle->add(ResBlock(ch, ted, ch));
  middle->add(transformer(levels - 1, ch));
  middle->add(ResBlock(ch, ted, ch));
  middleBlock_ = nn::AnyModule(middle);
  register_module("middle_block", middle.ptr());

  outputBlocks_ = register_module("output_blocks", nn::ModuleList());
  for (int level = levels - 1; level >= 0; --level) {
    for (int r = 0; r <= config.resBlocks; ++r) {
      const std::int64_t skip = skipChannels.back();
      skipChannels.pop_back();
      UnetStage stage;
      stage->add(ResBlock(ch + skip, ted, config.channelMult[level] * mc));
      ch = config.channelMult[level] * mc;
      if (config.attention[level]) stage->add(transformer(level, ch));
      if (level > 0 && r == config.resBlocks) stage->add(Upsample(ch));
      outputBlocks_->push_back(stage);
    }
  }
  out_ = register_module("out", nn::Sequential(GroupNorm32(mc, 1e-5), nn::SiLU(),
                                               SdConv2d(mc, config.outChannels, 3, 1, 1)));
}

torch::Tensor SdUnetImpl::forward(const torch::Tensor& x, const torch::Tensor& t,
                                  const torch::Tensor& context) {
  const torch::Tensor emb =
      timeEmbed_->forward(timestepEmbedding(t, config_.modelChannels).to(x.scalar_type()));
  std::vector<torch::Tensor> skips;
  skips.reserve(inputBlocks_->size());
  torch::Tensor h = x;
  for (const auto& block : *inputBlocks_) {
    h = block->as<UnetStage>()->forward(h, emb, context);
    skips.push_back(h);
  }
  h = middleBlock_.get<UnetStage>()->forward(h, emb, context);
  for (const auto& block : *outputBlocks_) {
    h = torch::cat({h, skips.back()}, 1);
    skips.pop_back();
    h = block->as<UnetStage>()->forward(h, emb, context);
  }
  return out_->forward(h);
}

}  // namespace geodex
