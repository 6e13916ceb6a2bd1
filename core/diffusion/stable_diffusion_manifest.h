#pragma once
// model.json of a Stable Diffusion model folder (tools/export_sd.py), read and checked field by
// field before any network is loaded. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/diffusion/noise_schedule.h"

namespace geodex {

struct StableDiffusionManifest {
  static constexpr const char* kFormat = "geodex-stable-diffusion-torchscript";
  // What geodex accepts (SD 1.5: latents [4, 64, 64], images 512², T = 1000).
  static constexpr std::uint64_t kMaxFileBytes = 1u << 20;
  static constexpr std::int64_t kMaxLatentChannels = 64;
  static constexpr std::int64_t kMaxLatentSide = 1024;
  static constexpr std::int64_t kMaxLatentDimension = 1 << 20;  // C·h·w
  static constexpr int kMaxImageSize = 4096;

  double latentScaleFactor = 0.0;
  std::vector<std::int64_t> latentShape;  // {C, h, w}
  int imageSize = 0;
  NoiseScheduleOptions schedule;
  // Part files, relative to the folder (model.json's "files", else these defaults).
  std::string vaeEncoderFile = "vae_encoder.pt";
  std::string vaeDecoderFile = "vae_decoder.pt";
  std::string unetFile = "unet.pt";
};

// Throws IoError when the text is not JSON (or nests too deep) and ModelError naming the field,
// what it must be and a short prefix of what it is: a wrong or missing "format", missing
// fields, non-integers where integers are meant, values outside the limits above, a schedule
// NoiseSchedule refuses, a v-prediction model. `path` names the file in messages.
StableDiffusionManifest parseStableDiffusionManifest(const std::string& text,
                                                     const std::string& path);
// The file itself: checked to be a regular file of at most kMaxFileBytes first.
StableDiffusionManifest readStableDiffusionManifest(const std::string& path);

}  // namespace geodex
