#pragma once
// A Stable Diffusion 1.x / 2.x checkpoint as users have it — one .safetensors file with the
// original key names (model.diffusion_model.*, first_stage_model.*, cond_stage_model.*) or a
// diffusers folder (model_index.json; unet/, vae/, text_encoder/ with config.json and
// safetensors weights; scheduler/) — opened, every tensor catalogued under one canonical name
// and the architecture recognised from the names and shapes. Nothing is loaded into a network
// here (sd_weight_loader.h does that), so opening even a 4 GB file takes milliseconds: the GUI
// and `model-probe` can say what a file is before the slow part.
//
// Canonical names: "unet." + the latent-diffusion U-Net key, "vae." + the latent-diffusion VAE
// key, "text." + the Hugging Face CLIPTextModel key without "text_model." (OpenCLIP's fused
// in_proj is split into q/k/v slices). What is not Stable Diffusion 1.x/2.x — SDXL, SD3, Flux,
// an inpainting or instruct U-Net, a LoRA, a VAE or text encoder alone, a pickle (.ckpt, .bin,
// .pt) — is refused with one line saying what was found and what geodex reads. Torch-free.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/safetensors_file.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"

namespace geodex {

// Where one canonical tensor's values are: a tensor of a file, or one of `slices` equal parts
// of it along its first dimension.
struct WeightRef {
  const SafetensorsFile* file = nullptr;
  const SafetensorsTensor* tensor = nullptr;
  int slice = 0;
  int slices = 1;
  std::vector<std::int64_t> shape() const;  // the slice's shape
};

struct CheckpointOptions {
  // Overrides what the file says or what is guessed (SD 2.x single files do not say).
  std::optional<PredictionType> prediction;
};

class StableDiffusionCheckpoint {
 public:
  // `path`: a .safetensors file or a diffusers folder. Throws IoError for unreadable or damaged
  // files (SafetensorsFile's checks) and ModelError "'<path>' is <what was found>; geodex reads
  // ..." for anything that is not an SD 1.x/2.x checkpoint.
  static std::unique_ptr<StableDiffusionCheckpoint> open(const std::string& path,
                                                         const CheckpointOptions& options = {});
  ~StableDiffusionCheckpoint();
  StableDiffusionCheckpoint(const StableDiffusionCheckpoint&) = delete;
  StableDiffusionCheckpoint& operator=(const StableDiffusionCheckpoint&) = delete;

  const std::string& path() const { return path_; }
  const StableDiffusionArchitecture& architecture() const { return architecture_; }
  // nullptr when the checkpoint has no tensor of that canonical name.
  const WeightRef* find(const std::string& canonical) const;
  // The original name of a canonical tensor, for messages ("model.diffusion_model.out.2.weight").
  std::string originalName(const std::string& canonical) const;
  // The file a part's weights live in (messages): "unet." → the U-Net's file.
  std::string fileOf(const std::string& partPrefix) const;
  // Bytes of all catalogued tensors whose canonical name starts with `prefix`.
  std::uint64_t bytesOf(const std::string& prefix) const;
  // Tensors of the files that no part uses (EMA copies, schedule buffers, unknown keys).
  int ignoredTensors() const { return ignored_; }
  // A diffusers folder's tokenizer/ (vocab.json + merges.txt), or empty.
  const std::string& tokenizerFolder() const { return tokenizerFolder_; }

 private:
  StableDiffusionCheckpoint() = default;
  void catalogSingleFile(const SafetensorsFile& file);
  void catalogOpenClip(const SafetensorsFile& file, const SafetensorsTensor& tensor,
                       const std::string& rest);
  void add(const std::string& canonical, const SafetensorsFile& file,
           const SafetensorsTensor& tensor, int slice = 0, int slices = 1);
  void openDiffusersFolder(const CheckpointOptions& options);
  const SafetensorsFile* openDiffusersPart(const std::string& name, const std::string& stem);
  void recogniseSingleFile(const CheckpointOptions& options);

  std::string path_;
  StableDiffusionArchitecture architecture_;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, WeightRef> weights_;
  std::map<std::string, std::string> partFiles_;
  int ignored_ = 0;
  std::string tokenizerFolder_;
};

}  // namespace geodex
