#include "core/diffusion/stable_diffusion/diffusers_config.h"

#include <cmath>

#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "core/util/message_format.h"

namespace geodex {

nlohmann::json readDiffusersConfig(const std::filesystem::path& file) {
  return parseJsonInput(readInputFile(file.string(), "diffusers config", 1 << 20),
                        "'" + file.string() + "'");
}

void recogniseDiffusersText(const CheckpointShapes& s, const nlohmann::json& textConfig,
                            const std::string& path, StableDiffusionArchitecture& a) {
  const int textHeads =
      textConfig.value("num_attention_heads", nlohmann::json(0)).is_number_integer()
          ? textConfig.value("num_attention_heads", 0)
          : 0;
  a.text = recogniseText(s, textHeads, false);
  const std::string activation =
      textConfig.value("hidden_act", nlohmann::json("quick_gelu")).is_string()
          ? textConfig.value("hidden_act", std::string("quick_gelu"))
          : std::string("quick_gelu");
  if (activation != "quick_gelu" && activation != "gelu")
    throw ModelError("'" + path + "/text_encoder/config.json': hidden_act '" +
                     shortText(activation) + "' is neither quick_gelu (CLIP) nor gelu (OpenCLIP)");
  a.text.activation = activation == "gelu" ? ClipTextConfig::Activation::Gelu
                                           : ClipTextConfig::Activation::QuickGelu;
  a.family = a.text.activation == ClipTextConfig::Activation::Gelu ? StableDiffusionFamily::Sd2
                                                                   : StableDiffusionFamily::Sd1;
  a.text.padWithEnd = a.family == StableDiffusionFamily::Sd1;
}

void readDiffusersScheduler(const std::filesystem::path& folder, const CheckpointOptions& options,
                            StableDiffusionArchitecture& a) {
  const std::filesystem::path schedulerPath = folder / "scheduler" / "scheduler_config.json";
  std::string prediction = "epsilon";
  if (std::filesystem::exists(schedulerPath)) {
    const nlohmann::json scheduler = readDiffusersConfig(schedulerPath);
    const auto number = [&](const char* key, double fallback) {
      return scheduler.contains(key) && scheduler[key].is_number() ? scheduler[key].get<double>()
                                                                   : fallback;
    };
    a.betaStart = number("beta_start", a.betaStart);
    a.betaEnd = number("beta_end", a.betaEnd);
    const double steps = number("num_train_timesteps", a.timesteps);
    if (!(steps >= 2 && steps <= 100000 && steps == std::floor(steps)))
      throw ModelError("'" + schedulerPath.string() + "': num_train_timesteps " +
                       numberText(steps) + " is not a whole number in [2, 100000]");
    a.timesteps = static_cast<int>(steps);
    const std::string schedule =
        scheduler.value("beta_schedule", nlohmann::json("scaled_linear")).is_string()
            ? scheduler.value("beta_schedule", std::string("scaled_linear"))
            : std::string("?");
    if (schedule != "scaled_linear" && schedule != "linear")
      throw ModelError("'" + schedulerPath.string() + "': beta_schedule '" + shortText(schedule) +
                       "' (geodex reads scaled_linear and linear)");
    a.scaledLinear = schedule == "scaled_linear";
    if (scheduler.contains("prediction_type") && scheduler["prediction_type"].is_string())
      prediction = scheduler["prediction_type"].get<std::string>();
  }
  if (options.prediction) {
    a.prediction = *options.prediction;
    a.predictionSource = "--prediction";
    return;
  }
  if (prediction != "epsilon" && prediction != "v_prediction")
    throw ModelError("'" + schedulerPath.string() + "': prediction_type '" +
                     shortText(prediction) + "' (geodex reads epsilon and v_prediction)");
  a.prediction = parsePredictionType(prediction);
  a.predictionSource = "scheduler/scheduler_config.json";
}


}  // namespace geodex
