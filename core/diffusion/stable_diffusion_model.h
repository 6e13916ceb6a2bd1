#pragma once
// A Stable Diffusion model folder written by tools/export_sd.py: vae_encoder.pt (image [1,3,S,S]
// in [−1,1] → latent mean [1,C,h,w], unscaled), vae_decoder.pt (unscaled latent [B,C,h,w] →
// image [B,3,S,S] in about [−1,1]), unet.pt (forward(x [B,C,h,w], t [B] float32) → ε) and
// model.json (latent_scale_factor, latent_shape, image_size, schedule, prediction_type).
//
// Latents here are always *scaled* (VAE mean × latent_scale_factor), the space the U-Net was
// trained in; they are flattened CHW vectors of d = C·h·w (Eigen columns, like every path in
// geodex). Torch-free header: the GUI can hold a model without including LibTorch.
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"
#include "core/diffusion/noise_schedule.h"
#include "core/util/device.h"

namespace geodex {

class EpsilonModel;

struct StableDiffusionModelOptions {
  DeviceChoice device = DeviceChoice::Auto;
  // Images per VAE decoder call: bounds the decoder's activation memory (estimated 1.5–2 GB per
  // 512² image in float32 for SD's decoder, see docs/stable-diffusion.md), so batches go in
  // chunks this big.
  int chunkSize = 2;
  // LibTorch intra-op threads of the calling thread while encoding/decoding (see DdimOptions).
  int threads = 1;
};

class StableDiffusionModel {
 public:
  // Loads and checks every part with a tiny forward pass. Throws IoError for a missing folder
  // or file, or an unreadable model.json / TorchScript file; ModelError for a manifest with
  // missing or wrong fields, a part whose output has the wrong shape or is not finite, and
  // v-prediction models. Every message names the file and what is wrong with it.
  static std::shared_ptr<StableDiffusionModel> load(const std::string& folder,
                                                    const StableDiffusionModelOptions& options = {});
  ~StableDiffusionModel();
  StableDiffusionModel(const StableDiffusionModel&) = delete;
  StableDiffusionModel& operator=(const StableDiffusionModel&) = delete;

  const std::string& folder() const;
  int imageSize() const;                        // S: the square images the VAE takes
  const std::vector<std::int64_t>& latentShape() const;  // {C, h, w}
  int latentDimension() const;                  // d = C·h·w
  double latentScaleFactor() const;
  const NoiseSchedule& schedule() const;
  std::string deviceName() const;               // "cpu", "cuda:0"
  const StableDiffusionModelOptions& options() const;

  // The U-Net as an ε-model over scaled latents, sampleShape {C, h, w} (for DDIM and the score).
  std::shared_ptr<const EpsilonModel> unet() const;

  // Image → scaled latent [d]. Any size: resized and centre-cropped to imageSize() first.
  Eigen::VectorXd encode(const RgbImage& image) const;
  // Scaled latents [d × n] → n images of imageSize()², in chunks of options().chunkSize.
  std::vector<RgbImage> decode(const Eigen::MatrixXd& latents) const;

 private:
  struct Impl;
  explicit StableDiffusionModel(std::unique_ptr<Impl> impl);
  Eigen::VectorXd encodeChecked(const RgbImage& image) const;
  std::vector<RgbImage> decodeChecked(const Eigen::MatrixXd& latents) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geodex
