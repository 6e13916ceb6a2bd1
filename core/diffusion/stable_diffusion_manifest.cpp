#include "core/diffusion/stable_diffusion_manifest.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

using nlohmann::json;

class Fields {
 public:
  explicit Fields(const std::string& path) : where_("'" + path + "': ") {}

  [[noreturn]] void fail(const std::string& key, const std::string& must, const json& got) const {
    throw ModelError(where_ + "'" + key + "' must be " + must + ", got " + quoteJson(got));
  }

  const json& at(const json& object, const std::string& key, const std::string& parent = {}) const {
    const std::string name = parent.empty() ? key : parent + "." + key;
    if (!object.contains(key)) throw ModelError(where_ + "has no '" + name + "'");
    return object.at(key);
  }

  double number(const json& value, const std::string& key, double low, double high,
                bool lowIncluded) const {
    const std::string must = "a number in " + std::string(lowIncluded ? "[" : "(") +
                             numberText(low) + ", " + numberText(high) + "]";
    if (!value.is_number()) fail(key, must, value);
    const double x = value.get<double>();
    if (!std::isfinite(x) || x > high || x < low || (!lowIncluded && x == low))
      fail(key, must, value);
    return x;
  }

  // A whole number (1e3 and 1000 alike; 2.5 refused) in [low, high].
  std::int64_t whole(const json& value, const std::string& key, std::int64_t low,
                     std::int64_t high) const {
    const std::string must =
        "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
    if (value.is_number_unsigned()) {  // non-negative integers parse as unsigned
      const std::uint64_t u = value.get<std::uint64_t>();
      if (u > std::uint64_t(high) || (low > 0 && u < std::uint64_t(low))) fail(key, must, value);
      return std::int64_t(u);
    }
    if (value.is_number_integer()) {
      const std::int64_t i = value.get<std::int64_t>();
      if (i < low || i > high) fail(key, must, value);
      return i;
    }
    if (!value.is_number_float()) fail(key, must, value);
    const double x = value.get<double>();
    if (!std::isfinite(x) || x != std::floor(x) || x < double(low) || x > double(high))
      fail(key, must, value);
    return std::int64_t(x);
  }

  std::string text(const json& value, const std::string& key) const {
    if (!value.is_string()) fail(key, "text", value);
    return value.get<std::string>();
  }

 private:
  std::string where_;
};

// A part's file name: relative, inside the folder.
std::string partFile(const Fields& f, const json& files, const std::string& part,
                     const std::string& fallback) {
  if (!files.contains(part)) return fallback;
  const std::string name = f.text(files.at(part), "files." + part);
  if (name.empty() || name.size() > 255 || name.front() == '/' ||
      name.find("..") != std::string::npos || name.find('\0') != std::string::npos)
    f.fail("files." + part, "a file name inside the model folder", files.at(part));
  return name;
}

}  // namespace

StableDiffusionManifest parseStableDiffusionManifest(const std::string& text,
                                                     const std::string& path) {
  const json manifest = parseJsonInput(text, "'" + path + "'");
  const Fields f(path);
  if (!manifest.is_object())
    throw ModelError("'" + path + "' must hold a JSON object, it holds " + jsonTypeName(manifest));
  StableDiffusionManifest m;
  const json& format = f.at(manifest, "format");
  if (!format.is_string() || format.get<std::string>() != StableDiffusionManifest::kFormat)
    f.fail("format",
           std::string("\"") + StableDiffusionManifest::kFormat +
               "\" (a folder written by tools/export_sd.py)",
           format);
  if (manifest.contains("version")) f.whole(manifest.at("version"), "version", 1, 1);
  if (manifest.contains("prediction_type")) {
    const json& prediction = manifest.at("prediction_type");
    if (prediction != "epsilon")
      throw ModelError(
          "'" + path + "': prediction_type " + quoteJson(prediction) +
          " is not supported; geodex needs an ε-prediction model (SD 1.5, SD 2.1-base)");
  }
  m.latentScaleFactor =
      f.number(f.at(manifest, "latent_scale_factor"), "latent_scale_factor", 0.0, 1e3, false);

  const json& shape = f.at(manifest, "latent_shape");
  const std::string shapeMust =
      "[C, h, w]: C from 1 to " + std::to_string(StableDiffusionManifest::kMaxLatentChannels) +
      ", h and w from 1 to " + std::to_string(StableDiffusionManifest::kMaxLatentSide);
  if (!shape.is_array() || shape.size() != 3) f.fail("latent_shape", shapeMust, shape);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::int64_t limit = i == 0 ? StableDiffusionManifest::kMaxLatentChannels
                                      : StableDiffusionManifest::kMaxLatentSide;
    m.latentShape.push_back(f.whole(shape[i], "latent_shape[" + std::to_string(i) + "]", 1, limit));
  }
  const std::int64_t d = m.latentShape[0] * m.latentShape[1] * m.latentShape[2];
  if (d > StableDiffusionManifest::kMaxLatentDimension)
    f.fail("latent_shape",
           "at most " + std::to_string(StableDiffusionManifest::kMaxLatentDimension) +
               " numbers (C·h·w)",
           shape);

  const json& size = f.at(manifest, "image_size");
  m.imageSize = int(f.whole(size, "image_size", 8, StableDiffusionManifest::kMaxImageSize));
  if (m.imageSize % 8 != 0) f.fail("image_size", "a multiple of 8", size);

  const json& schedule = f.at(manifest, "schedule");
  if (!schedule.is_object())
    f.fail("schedule", "an object {type, beta_start, beta_end, num_train_timesteps}", schedule);
  try {
    m.schedule.kind =
        parseNoiseScheduleKind(f.text(f.at(schedule, "type", "schedule"), "schedule.type"));
  } catch (const InvalidArgumentError& e) {
    throw ModelError("'" + path + "': bad 'schedule': " + e.what());
  }
  m.schedule.betaStart =
      f.number(f.at(schedule, "beta_start", "schedule"), "schedule.beta_start", 0.0, 1.0, false);
  m.schedule.betaEnd =
      f.number(f.at(schedule, "beta_end", "schedule"), "schedule.beta_end", 0.0, 1.0, false);
  m.schedule.timesteps =
      int(f.whole(f.at(schedule, "num_train_timesteps", "schedule"), "schedule.num_train_timesteps",
                  1, NoiseSchedule::kMaxTimesteps));
  try {
    NoiseSchedule check(m.schedule);
    (void)check;
  } catch (const InvalidArgumentError& e) {
    throw ModelError("'" + path + "': bad 'schedule': " + e.what());
  }

  if (manifest.contains("files")) {
    const json& files = manifest.at("files");
    if (!files.is_object()) f.fail("files", "an object of file names", files);
    m.vaeEncoderFile = partFile(f, files, "vae_encoder", m.vaeEncoderFile);
    m.vaeDecoderFile = partFile(f, files, "vae_decoder", m.vaeDecoderFile);
    m.unetFile = partFile(f, files, "unet", m.unetFile);
  }
  return m;
}

StableDiffusionManifest readStableDiffusionManifest(const std::string& path) {
  InputFile file(path, "", "is missing: not a model folder of tools/export_sd.py");
  return parseStableDiffusionManifest(file.readAll(StableDiffusionManifest::kMaxFileBytes), path);
}

}  // namespace geodex
