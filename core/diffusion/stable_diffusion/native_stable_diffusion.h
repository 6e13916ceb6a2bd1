#pragma once
// A Stable Diffusion checkpoint (a .safetensors file or a diffusers folder) loaded into geodex's
// own LibTorch networks: the architecture recognised, the U-Net and VAE filled from the file, the
// text context of the prompt computed once (the text encoder is freed after). Includes LibTorch.
#include <torch/torch.h>

#include <optional>
#include <string>

#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/stable_diffusion/sd_unet.h"
#include "core/diffusion/stable_diffusion/sd_vae.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_load_summary.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"
#include "core/util/solver_control.h"

namespace geodex {

struct NativeLoadOptions {
  torch::Device device{torch::kCPU};
  // float32 on the CPU; half precision is for CUDA.
  torch::Dtype dtype = torch::kFloat32;
  std::optional<PredictionType> prediction;  // overrides what the checkpoint says or implies
  // The context: the text embedding of `prompt` (empty: the unconditional one; other prompts need
  // CLIP's vocabulary: a diffusers folder's tokenizer/, or vocabularyFolder), or a [1, n, C]
  // float .npy file that replaces the text encoder.
  std::string prompt;
  std::string vocabularyFolder;
  std::string textEmbeddingFile;
};

struct NativeStableDiffusion {
  StableDiffusionArchitecture architecture;
  SdUnet unet{nullptr};
  SdVae vae{nullptr};
  torch::Tensor context;  // [1, n, C] on the device
  NoiseSchedule schedule;
  StableDiffusionLoadSummary loaded;
};

// Progress (fraction of the bytes read) and cancel (CancelledError) through `control`. IoError /
// ModelError as StableDiffusionCheckpoint::open and loadWeights say; InvalidArgumentError for a
// prompt without a vocabulary or a text embedding of the wrong shape.
NativeStableDiffusion loadNativeStableDiffusion(const std::string& path,
                                                const NativeLoadOptions& options = {},
                                                const SolverControl& control = {});

// The token ids of the empty prompt: start, end, then padding (end for SD 1.x, 0 for SD 2.x).
std::vector<std::int64_t> emptyPromptTokens(const ClipTextConfig& text);

}  // namespace geodex
