#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"

#include "core/util/errors.h"

namespace geodex {

std::string toString(StableDiffusionFamily family) {
  return family == StableDiffusionFamily::Sd1 ? "sd1" : "sd2";
}

std::string toString(PredictionType type) { return type == PredictionType::V ? "v" : "epsilon"; }

PredictionType parsePredictionType(const std::string& text) {
  if (text == "epsilon" || text == "eps") return PredictionType::Epsilon;
  if (text == "v" || text == "v_prediction") return PredictionType::V;
  throw InvalidArgumentError("the prediction type must be epsilon or v, got '" + text + "'");
}

std::string toString(CheckpointSource source) {
  switch (source) {
    case CheckpointSource::SingleFile: return "safetensors";
    case CheckpointSource::DiffusersFolder: return "diffusers";
    default: return "torchscript";
  }
}

int SdUnetConfig::headsAt(int level, std::int64_t channels) const {
  if (!headsPerLevel.empty()) return headsPerLevel.at(std::size_t(level));
  if (numHeads > 0) return numHeads;
  return static_cast<int>(channels / headChannels);
}

std::string StableDiffusionArchitecture::description() const {
  std::string text = family == StableDiffusionFamily::Sd1 ? "SD 1.x" : "SD 2.x";
  text += prediction == PredictionType::V ? " (v-prediction)" : " (ε-prediction)";
  text += family == StableDiffusionFamily::Sd1 ? ", CLIP text encoder" : ", OpenCLIP text encoder";
  if (!storedDtype.empty()) text += ", " + storedDtype;
  return text;
}

}  // namespace geodex
