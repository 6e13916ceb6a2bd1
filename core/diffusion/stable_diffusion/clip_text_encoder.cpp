#include "core/diffusion/stable_diffusion/clip_text_encoder.h"

#include <cmath>
#include <limits>

#include "core/diffusion/stable_diffusion/sd_layers.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

namespace nn = torch::nn;

// CLIPAttention: q, k, v and out projections with biases; q scaled before the product.
class ClipAttentionImpl : public nn::Module {
 public:
  ClipAttentionImpl(std::int64_t width, int heads) : heads_(heads), scale_(1.0 / std::sqrt(double(width / heads))) {
    q_ = register_module("q_proj", nn::Linear(width, width));
    k_ = register_module("k_proj", nn::Linear(width, width));
    v_ = register_module("v_proj", nn::Linear(width, width));
    out_ = register_module("out_proj", nn::Linear(width, width));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask) {
    return out_->forward(multiHeadAttention(q_->forward(x), k_->forward(x), v_->forward(x), heads_,
                                            scale_, /*scaleQueries=*/true, mask));
  }

 private:
  int heads_;
  double scale_;
  nn::Linear q_{nullptr}, k_{nullptr}, v_{nullptr}, out_{nullptr};
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public nn::Module {
 public:
  ClipMlpImpl(std::int64_t width, std::int64_t hidden, ClipTextConfig::Activation activation)
      : activation_(activation) {
    fc1_ = register_module("fc1", nn::Linear(width, hidden));
    fc2_ = register_module("fc2", nn::Linear(hidden, width));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor h = fc1_->forward(x);
    return fc2_->forward(activation_ == ClipTextConfig::Activation::QuickGelu
                             ? h * torch::sigmoid(1.702 * h)
                             : torch::gelu(h));
  }

 private:
  ClipTextConfig::Activation activation_;
  nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(ClipMlp);

// One pre-norm residual layer: x + attention(ln1(x)), then + mlp(ln2(x)).
class ClipLayerImpl : public nn::Module {
 public:
  explicit ClipLayerImpl(const ClipTextConfig& c) {
    attention_ = register_module("self_attn", ClipAttention(c.width, c.heads));
    norm1_ = register_module("layer_norm1", nn::LayerNorm(nn::LayerNormOptions({c.width}).eps(1e-5)));
    mlp_ = register_module("mlp", ClipMlp(c.width, c.mlpWidth, c.activation));
    norm2_ = register_module("layer_norm2", nn::LayerNorm(nn::LayerNormOptions({c.width}).eps(1e-5)));
  }
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask) {
    x = x + attention_->forward(norm1_->forward(x), mask);
    return x + mlp_->forward(norm2_->forward(x));
  }

 private:
  ClipAttention attention_{nullptr};
  ClipMlp mlp_{nullptr};
  nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
};
TORCH_MODULE(ClipLayer);

}  // namespace

ClipTextEncoderImpl::ClipTextEncoderImpl(const ClipTextConfig& config) : config_(config) {
  if (config.heads < 1 || config.width % config.heads != 0 || config.layers < 1)
    throw InvalidArgumentError("text encoder configuration: " + std::to_string(config.width) +
                               " channels do not split into " + std::to_string(config.heads) +
                               " heads, or no layers");
  auto embeddings = register_module("embeddings", std::make_shared<nn::Module>());
  tokenEmbedding_ = embeddings->register_module("token_embedding", nn::Embedding(config.vocabulary, config.width));
  positionEmbedding_ = embeddings->register_module("position_embedding", nn::Embedding(config.positions, config.width));
  auto encoder = register_module("encoder", std::make_shared<nn::Module>());
  layers_ = encoder->register_module("layers", nn::ModuleList());
  for (int i = 0; i < config.layers; ++i) layers_->push_back(ClipLayer(config));
  finalNorm_ = register_module("final_layer_norm", nn::LayerNorm(nn::LayerNormOptions({config.width}).eps(1e-5)));
}

torch::Tensor ClipTextEncoderImpl::forward(const torch::Tensor& tokens) {
  const std::int64_t n = tokens.size(1);
  if (tokens.dim() != 2 || n < 1 || n > config_.positions)
    throw InvalidArgumentError("the text encoder takes [B, 1 to " + std::to_string(config_.positions) + "] tokens");
  if (tokens.min().item<std::int64_t>() < 0 || tokens.max().item<std::int64_t>() >= config_.vocabulary)
    throw InvalidArgumentError("a token id lies outside the text encoder's vocabulary of " +
                               std::to_string(config_.vocabulary));
  torch::Tensor x = tokenEmbedding_->forward(tokens) + positionEmbedding_->weight.narrow(0, 0, n);
  // Causal: token i sees tokens 0..i.
  const torch::Tensor mask =
      torch::full({n, n}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
  for (const auto& layer : *layers_) x = layer->as<ClipLayer>()->forward(x, mask);
  return finalNorm_->forward(x);
}

}  // namespace geodex
