#pragma once
// A Stable Diffusion model as the image pipeline uses it: a VAE (images ↔ scaled latents) and the
// U-Net as an ε-model over those latents. Three sources, told apart by what the path holds:
//  - a single .safetensors checkpoint (SD 1.x / 2.x, original key names) or a diffusers folder
//    (model_index.json, unet/, vae/, text_encoder/, scheduler/): geodex's own LibTorch networks
//    (core/diffusion/stable_diffusion/), the text context of a prompt computed once;
//  - a TorchScript folder written by tools/export_sd.py (model.json, vae_encoder.pt,
//    vae_decoder.pt, unet.pt), kept for other ε-models.
//
// Latents here are always *scaled* (VAE mean × the scale factor), the space the U-Net was
// trained in; they are flattened CHW vectors of d = C·h·w (Eigen columns, like every path in
// geodex). Torch-free header: the GUI can hold a model without including LibTorch.
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"
#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_load_summary.h"
#include "core/util/device.h"
#include "core/util/solver_control.h"

namespace geodex {

class EpsilonModel;

struct StableDiffusionModelOptions {
  DeviceChoice device = DeviceChoice::Auto;
  // Images per VAE decoder call: bounds the decoder's activation memory (estimated 1.5–2 GB per
  // 512² image in float32 for SD's decoder, see docs/stable-diffusion.md), so batches go in
  // chunks this big.
  int chunkSize = 2;
  // LibTorch intra-op threads of the calling thread while loading, encoding and decoding (0: all
  // cores).
  int threads = 0;
  // Checkpoints and diffusers folders only (a TorchScript folder fixes these when exported):
  // the square image side (a multiple of 8 × the U-Net's latent multiple, 64 for SD; 0: the
  // default, kDefaultCpuImageSize on the CPU and the model's native size on CUDA), the
  // prediction type ("" : as the model says or implies; "epsilon" | "v"), the prompt whose text
  // embedding conditions the U-Net (empty: unconditional), a tokenizer folder for prompts when
  // the model has none, and a [1, n, C] .npy embedding that replaces the text encoder.
  int imageSize = 0;
  std::string prediction;
  std::string prompt;
  std::string vocabulary;
  std::string textEmbedding;

  // SD is trained at 512² (768² for 2.x-v), but on a CPU one 512² U-Net evaluation with its
  // VJP takes 12 s and 10.7 GB: 256² takes 3 s and 4.8 GB (docs/benchmarks.md).
  static constexpr int kDefaultCpuImageSize = 256;
  static constexpr int kMaxImageSize = 2048;
};

// What was loaded, for the window, the JSON and `model-probe`.
struct StableDiffusionModelInfo {
  CheckpointSource source = CheckpointSource::TorchScriptFolder;
  std::optional<StableDiffusionArchitecture> architecture;  // checkpoints and diffusers folders
  StableDiffusionLoadSummary loaded;  // all zero and empty for TorchScript
  std::string computeDtype = "float32";
  double loadSeconds = 0.0;

  // "SD 1.x (ε-prediction), CLIP text encoder, F16 · 1.07 G parameters · float32 on cpu"
  std::string summary(const std::string& device) const;
};

class StableDiffusionModel {
 public:
  // Loads and checks every part (TorchScript: with a tiny forward pass). Throws IoError for a
  // missing or unreadable path, file or part; ModelError for what is not a model geodex reads
  // (naming what was found) or a part that fails its check; InvalidArgumentError for options the
  // model cannot take; CancelledError when control's cancel flag is set. control.progress gets
  // the fraction of the weights read. Every message names the file and what is wrong with it.
  static std::shared_ptr<StableDiffusionModel> load(const std::string& path,
                                                    const StableDiffusionModelOptions& options = {},
                                                    const SolverControl& control = {});
  ~StableDiffusionModel();
  StableDiffusionModel(const StableDiffusionModel&) = delete;
  StableDiffusionModel& operator=(const StableDiffusionModel&) = delete;

  const std::string& folder() const;  // the path it was loaded from (file or folder)
  const StableDiffusionModelInfo& info() const;
  int imageSize() const;                        // S: the square images the VAE takes
  const std::vector<std::int64_t>& latentShape() const;  // {C, h, w}
  int latentDimension() const;                  // d = C·h·w
  double latentScaleFactor() const;
  const NoiseSchedule& schedule() const;
  std::string deviceName() const;               // "cpu", "cuda:0"
  const StableDiffusionModelOptions& options() const;

  // The U-Net as an ε-model over scaled latents, sampleShape {C, h, w} (for DDIM and the score).
  std::shared_ptr<const EpsilonModel> unet() const;

  // The same networks for images of another square size (checkpoints and diffusers folders; a
  // TorchScript folder's size was fixed when exported: InvalidArgumentError, as for a size that
  // is not a multiple of the model's). Shares every weight: instant, no memory.
  std::shared_ptr<StableDiffusionModel> resized(int imageSize) const;

  // Image → scaled latent [d]. Any size: resized and centre-cropped to imageSize() first.
  Eigen::VectorXd encode(const RgbImage& image) const;
  // Scaled latents [d × n] → n images of imageSize()², in chunks of options().chunkSize.
  std::vector<RgbImage> decode(const Eigen::MatrixXd& latents) const;

  struct Impl;  // the .cpp's: the loaders fill it

 private:
  explicit StableDiffusionModel(std::unique_ptr<Impl> impl);
  Eigen::VectorXd encodeChecked(const RgbImage& image) const;
  std::vector<RgbImage> decodeChecked(const Eigen::MatrixXd& latents) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geodex
