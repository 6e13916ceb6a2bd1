#include "core/diffusion/stable_diffusion/sd_architecture_recognition.h"

#include <algorithm>
#include <set>

#include "core/util/errors.h"

namespace geodex {

std::string whatGeodexReads() {
  return "geodex reads Stable Diffusion 1.x and 2.x checkpoints (one .safetensors file with the "
         "original key names, or a diffusers folder)";
}

namespace {
const std::string kWhatWeRead = whatGeodexReads();
}  // namespace

std::vector<std::int64_t> CheckpointShapes::of(const std::string& name) const {
  const WeightRef* ref = c_.find(name);
  if (!ref)
    throw ModelError("'" + c_.path() + "' lacks the tensor " + c_.originalName(name) +
                     " a Stable Diffusion 1.x/2.x checkpoint has");
  return ref->shape();
}

std::int64_t CheckpointShapes::dim(const std::string& name, std::size_t axis) const {
  const std::vector<std::int64_t> s = of(name);
  if (axis >= s.size())
    throw ModelError("'" + c_.path() + "': " + c_.originalName(name) + " has the shape " +
                     shapeText(s) + ", too few dimensions for a Stable Diffusion checkpoint");
  return s[axis];
}

int CheckpointShapes::count(const std::string& before, const std::string& after) const {
  int n = 0;
  while (has(before + std::to_string(n) + after)) ++n;
  return n;
}

std::string CheckpointShapes::shapeText(const std::vector<std::int64_t>& s) {
  std::string text = "[";
  for (std::size_t i = 0; i < s.size(); ++i) text += (i ? ", " : "") + std::to_string(s[i]);
  return text + "]";
}


SdUnetConfig recogniseUnet(const CheckpointShapes& s, const std::string& path) {
  SdUnetConfig c;
  const std::vector<std::int64_t> convIn = s.of("unet.input_blocks.0.0.weight");
  if (convIn.size() != 4) throw ModelError("'" + path + "': the U-Net's first convolution is not 4-D");
  c.modelChannels = convIn[0];
  c.inChannels = convIn[1];
  if (c.inChannels == 9)
    throw ModelError("'" + path + "' is an inpainting U-Net (9 input channels: latent, mask and "
                     "masked image); " + kWhatWeRead + " with 4 input channels");
  if (c.inChannels == 8)
    throw ModelError("'" + path + "' is an image-conditioned U-Net (8 input channels, e.g. "
                     "InstructPix2Pix); " + kWhatWeRead + " with 4 input channels");
  if (c.inChannels != 4)
    throw ModelError("'" + path + "' has a U-Net with " + std::to_string(c.inChannels) +
                     " input channels; " + kWhatWeRead + " with 4");
  c.outChannels = s.dim("unet.out.2.weight", 0);
  // The input blocks in order: ResBlocks (with or without a transformer) and downsamplers.
  c.channelMult.clear();
  c.attention.clear();
  std::vector<int> blocksPerLevel{0};
  std::vector<std::int64_t> outPerLevel{0};
  std::vector<std::set<bool>> attentionPerLevel(1);
  int firstAttention = -1;
  for (int k = 1;; ++k) {
    const std::string block = "unet.input_blocks." + std::to_string(k);
    if (s.has(block + ".0.op.weight")) {
      blocksPerLevel.push_back(0);
      outPerLevel.push_back(0);
      attentionPerLevel.emplace_back();
      continue;
    }
    if (!s.has(block + ".0.in_layers.2.weight")) break;
    const std::int64_t out = s.dim(block + ".0.in_layers.2.weight", 0);
    if (blocksPerLevel.back() > 0 && outPerLevel.back() != out)
      throw ModelError("'" + path + "': the U-Net's ResBlocks of one level differ in width");
    ++blocksPerLevel.back();
    outPerLevel.back() = out;
    const bool attention = s.has(block + ".1.proj_in.weight");
    attentionPerLevel.back().insert(attention);
    if (attention && firstAttention < 0) firstAttention = k;
  }
  c.resBlocks = blocksPerLevel.front();
  for (std::size_t level = 0; level < blocksPerLevel.size(); ++level) {
    if (blocksPerLevel[level] != c.resBlocks || c.resBlocks == 0 ||
        attentionPerLevel[level].size() != 1 || outPerLevel[level] % c.modelChannels != 0)
      throw ModelError("'" + path + "': the U-Net's input blocks do not form the latent-diffusion "
                       "structure (level " + std::to_string(level) + ")");
    c.channelMult.push_back(outPerLevel[level] / c.modelChannels);
    c.attention.push_back(*attentionPerLevel[level].begin());
  }
  if (firstAttention < 0)
    throw ModelError("'" + path + "': the U-Net has no cross-attention; " + kWhatWeRead);
  const std::string transformer = "unet.input_blocks." + std::to_string(firstAttention) + ".1.";
  c.transformerDepth = s.count(transformer + "transformer_blocks.", ".attn1.to_q.weight");
  c.contextDim = s.dim(transformer + "transformer_blocks.0.attn2.to_k.weight", 1);
  c.linearProjection = s.of(transformer + "proj_in.weight").size() == 2;
  // Every output block and the middle one are there (a truncated or foreign U-Net fails here,
  // not with a missing weight half-way through loading).
  const int outputs = c.levels() * (c.resBlocks + 1);
  s.of("unet.output_blocks." + std::to_string(outputs - 1) + ".0.in_layers.0.weight");
  s.of("unet.middle_block.2.in_layers.0.weight");
  return c;
}

SdVaeConfig recogniseVae(const CheckpointShapes& s) {
  SdVaeConfig c;
  const std::vector<std::int64_t> convIn = s.of("vae.encoder.conv_in.weight");
  c.channels = convIn[0];
  c.imageChannels = s.dim("vae.encoder.conv_in.weight", 1);
  const int levels = s.count("vae.encoder.down.", ".block.0.conv1.weight");
  c.channelMult.clear();
  for (int l = 0; l < levels; ++l)
    c.channelMult.push_back(s.dim("vae.encoder.down." + std::to_string(l) + ".block.0.conv1.weight", 0) /
                            c.channels);
  c.resBlocks = s.count("vae.encoder.down.0.block.", ".conv1.weight");
  c.zChannels = s.dim("vae.decoder.conv_in.weight", 1);
  c.embedDim = s.dim("vae.post_quant_conv.weight", 1);
  return c;
}

ClipTextConfig recogniseText(const CheckpointShapes& s, int heads, bool dropLastLayer) {
  ClipTextConfig c;
  c.vocabulary = s.dim("text.embeddings.token_embedding.weight", 0);
  c.width = s.dim("text.embeddings.token_embedding.weight", 1);
  c.positions = s.dim("text.embeddings.position_embedding.weight", 0);
  const int layers = s.count("text.encoder.layers.", ".self_attn.q_proj.weight");
  c.layers = dropLastLayer ? layers - 1 : layers;
  c.mlpWidth = s.dim("text.encoder.layers.0.mlp.fc1.weight", 0);
  c.heads = heads > 0 ? heads : static_cast<int>(std::max<std::int64_t>(1, c.width / 64));
  return c;
}

void checkPartsAgree(const StableDiffusionArchitecture& a, const std::string& path) {
  if (a.vae.embedDim != a.unet.inChannels || a.unet.outChannels != a.unet.inChannels)
    throw ModelError("'" + path + "': the VAE's latents have " + std::to_string(a.vae.embedDim) +
                     " channels but the U-Net takes " + std::to_string(a.unet.inChannels) +
                     " and returns " + std::to_string(a.unet.outChannels));
  if (a.text.width != a.unet.contextDim)
    throw ModelError("'" + path + "': the U-Net attends to a " + std::to_string(a.unet.contextDim) +
                     "-d context but the text encoder gives " + std::to_string(a.text.width) +
                     " (parts of different models?)");
  if (a.text.layers < 1) throw ModelError("'" + path + "': the text encoder has too few layers");
}

}  // namespace geodex
