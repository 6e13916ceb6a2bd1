#pragma once
// What a Stable Diffusion checkpoint is, as recognised from its tensor names and shapes (never
// from the file name): the family, the prediction type and the hyper-parameters of its three
// networks, in the terms of the original latent-diffusion code (CompVis / Stability-AI
// `openaimodel.py`, `model.py`, `attention.py`) and of the CLIP / OpenCLIP text transformers.
// Defaults are SD 1.5's. Torch-free: the GUI and CLI can show what a model is.
#include <cstdint>
#include <string>
#include <vector>

namespace geodex {

// SD 1.x: CLIP ViT-L/14 text encoder (768-d context), 8 heads per attention, conv projections.
// SD 2.x: OpenCLIP ViT-H/14 text encoder (penultimate layer, 1024-d), 64-channel heads, linear
// projections in the spatial transformers.
enum class StableDiffusionFamily { Sd1, Sd2 };
// ε̂ = U-Net output, or v̂ with ε̂ = √ᾱ_t·v̂ + √(1−ᾱ_t)·x_t (SD 2.x 768-v).
enum class PredictionType { Epsilon, V };

std::string toString(StableDiffusionFamily family);  // "sd1" | "sd2"
std::string toString(PredictionType type);           // "epsilon" | "v"
// "epsilon" | "v" | "v_prediction" (diffusers' spelling); InvalidArgumentError otherwise.
PredictionType parsePredictionType(const std::string& text);

// The ε-network (ldm UNetModel with use_spatial_transformer).
struct SdUnetConfig {
  std::int64_t inChannels = 4;
  std::int64_t outChannels = 4;
  std::int64_t modelChannels = 320;
  std::vector<std::int64_t> channelMult{1, 2, 4, 4};
  int resBlocks = 2;                               // per level, in the encoder half
  std::vector<bool> attention{true, true, true, false};  // per level
  int transformerDepth = 1;
  std::int64_t contextDim = 768;
  bool linearProjection = false;  // SD 2.x: Linear proj_in/proj_out instead of 1×1 convs
  // Heads of a transformer with `channels` channels: numHeads when > 0 (SD 1.x: 8), else
  // channels / headChannels (SD 2.x: 64-channel heads).
  int numHeads = 8;
  int headChannels = -1;
  // diffusers folders give heads per level (SD 2.x: 5, 10, 20, 20); empty otherwise.
  std::vector<int> headsPerLevel;

  int levels() const { return static_cast<int>(channelMult.size()); }
  int headsAt(int level, std::int64_t channels) const;
  std::int64_t timeEmbedDim() const { return modelChannels * 4; }
  // Latent sides must be multiples of this (one halving per level but the last).
  int latentMultiple() const { return 1 << (levels() - 1); }
};

// The KL autoencoder (ldm Encoder / Decoder, quant_conv, post_quant_conv).
struct SdVaeConfig {
  std::int64_t channels = 128;
  std::vector<std::int64_t> channelMult{1, 2, 4, 4};
  int resBlocks = 2;
  std::int64_t zChannels = 4;
  std::int64_t embedDim = 4;  // latent channels after quant_conv
  std::int64_t imageChannels = 3;
  double scaleFactor = 0.18215;  // latents the U-Net sees = scaleFactor × posterior mean

  int levels() const { return static_cast<int>(channelMult.size()); }
  int downsampling() const { return 1 << (levels() - 1); }  // image side / latent side
};

// A CLIP-style causal text transformer (CLIP ViT-L/14's, or OpenCLIP ViT-H/14's up to the
// penultimate layer); the output is the last hidden state after the final layer norm.
struct ClipTextConfig {
  enum class Activation { QuickGelu, Gelu };
  std::int64_t vocabulary = 49408;
  std::int64_t width = 768;
  int layers = 12;  // layers run (SD 2.x: all but the checkpoint's last)
  int heads = 12;
  std::int64_t mlpWidth = 3072;
  std::int64_t positions = 77;
  Activation activation = Activation::QuickGelu;
  // How the empty prompt and every prompt are padded: SD 1.x with the end token, SD 2.x with 0.
  bool padWithEnd = true;

  // CLIP's vocabulary ends with its two special tokens (49406, 49407 for the real one).
  std::int64_t startToken() const { return vocabulary - 2; }
  std::int64_t endToken() const { return vocabulary - 1; }
};

// Where the weights come from, for reports.
enum class CheckpointSource { SingleFile, DiffusersFolder, TorchScriptFolder };
std::string toString(CheckpointSource source);  // "safetensors" | "diffusers" | "torchscript"

struct StableDiffusionArchitecture {
  StableDiffusionFamily family = StableDiffusionFamily::Sd1;
  PredictionType prediction = PredictionType::Epsilon;
  // How the prediction type was decided: "scheduler_config.json", "v_pred key", "--prediction",
  // "SD 1.x is ε", "heuristic: ..." — a user can check and override it.
  std::string predictionSource;
  CheckpointSource source = CheckpointSource::SingleFile;
  SdUnetConfig unet;
  SdVaeConfig vae;
  ClipTextConfig text;
  // The DDPM schedule (SD: scaled-linear β from 0.00085 to 0.012 over 1000 steps).
  double betaStart = 0.00085, betaEnd = 0.012;
  int timesteps = 1000;
  bool scaledLinear = true;
  int nativeImageSize = 512;  // SD 2.x 768-v: 768
  std::string storedDtype;    // the weights' dtype(s) in the file: "F16", "F32 + BF16", ...

  std::string description() const;  // "SD 2.x (v-prediction), OpenCLIP ViT-H/14 text, F16"
};

}  // namespace geodex
