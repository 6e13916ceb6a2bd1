#pragma once
// A diffusers folder's JSON configs as geodex reads them: size-capped reading, the text
// encoder's heads and activation (which also tell SD 1.x from 2.x) and the noise schedule with
// the prediction type. Bad values are ModelError naming the file and key. Torch-free.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diffusion/stable_diffusion/sd_architecture_recognition.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"

namespace geodex {

// At most 1 MiB; IoError / ModelError naming the file when unreadable or not JSON.
nlohmann::json readDiffusersConfig(const std::filesystem::path& file);

// The text encoder's heads and activation from its config; SD 2.x's is OpenCLIP's (GELU),
// padded with 0 like its tokenizer. `path` is the model folder (messages).
void recogniseDiffusersText(const CheckpointShapes& s, const nlohmann::json& textConfig,
                            const std::string& path, StableDiffusionArchitecture& a);

// The noise schedule and the prediction type from scheduler/scheduler_config.json (the
// latent-diffusion defaults where it is missing); options.prediction overrides.
void readDiffusersScheduler(const std::filesystem::path& folder, const CheckpointOptions& options,
                            StableDiffusionArchitecture& a);

}  // namespace geodex
