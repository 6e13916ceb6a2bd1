#include "core/diffusion/stable_diffusion_model.h"

#include <torch/script.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/data/image_io.h"
#include "core/diffusion/torchscript_epsilon_model.h"
#include "core/util/errors.h"
#include "core/util/torch_device.h"
#include "core/util/torch_threads.h"

namespace geodex {

namespace fs = std::filesystem;

struct StableDiffusionModel::Impl {
  std::string folder;
  StableDiffusionModelOptions options;
  torch::Device device{torch::kCPU};
  int imageSize = 0;
  std::vector<std::int64_t> latentShape;
  double scale = 1.0;
  NoiseSchedule schedule;
  mutable torch::jit::Module encoder;  // forward() is not const; the modules are not modified
  mutable torch::jit::Module decoder;
  std::shared_ptr<TorchScriptEpsilonModel> unet;
};

namespace {

// The first line of a LibTorch error without its C++ backtrace.
std::string firstLine(const std::exception& e) {
  const auto* c10Error = dynamic_cast<const c10::Error*>(&e);
  std::string text = c10Error ? c10Error->what_without_backtrace() : e.what();
  return text.substr(0, text.find('\n'));
}

nlohmann::json readManifest(const fs::path& path) {
  if (!fs::is_regular_file(path))
    throw IoError("'" + path.string() + "' is missing: not a model folder of tools/export_sd.py");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw IoError("'" + path.string() + "' is not valid JSON: " + e.what());
  }
}

// A field of model.json, or a ModelError naming it.
const nlohmann::json& field(const nlohmann::json& object, const std::string& key,
                            const fs::path& manifest) {
  if (!object.is_object() || !object.contains(key))
    throw ModelError("'" + manifest.string() + "' has no '" + key + "'");
  return object.at(key);
}

double positiveNumber(const nlohmann::json& object, const std::string& key, const fs::path& manifest) {
  const nlohmann::json& value = field(object, key, manifest);
  if (!value.is_number() || !(value.get<double>() > 0.0))
    throw ModelError("'" + manifest.string() + "': '" + key + "' must be a positive number, got " +
                     value.dump());
  return value.get<double>();
}

// The file of one part: model.json's "files" entry when present, else the default name.
fs::path partPath(const fs::path& folder, const nlohmann::json& manifest, const std::string& part) {
  std::string name = part + ".pt";
  if (manifest.contains("files") && manifest["files"].is_object() && manifest["files"].contains(part) &&
      manifest["files"][part].is_string())
    name = manifest["files"][part].get<std::string>();
  const fs::path path = folder / name;
  if (!fs::is_regular_file(path))
    throw IoError("'" + path.string() + "' is missing (export the model with tools/export_sd.py)");
  return path;
}

torch::jit::Module loadModule(const fs::path& path, torch::Device device) {
  try {
    torch::jit::Module module = torch::jit::load(path.string(), device);
    module.eval();
    return module;
  } catch (const std::exception& e) {
    throw IoError("'" + path.string() + "' is not a TorchScript file: " + firstLine(e));
  }
}

// One forward pass of a VAE part on a test input; ModelError naming the file unless the output
// is a finite tensor of the expected shape.
torch::Tensor runChecked(torch::jit::Module& module, const torch::Tensor& input,
                         const std::vector<std::int64_t>& expected, const std::string& path) {
  c10::IValue output;
  try {
    output = module.forward({input});
  } catch (const std::exception& e) {
    throw ModelError("'" + path + "' fails on an input of shape " + shapeString(input.sizes()) +
                     ": " + firstLine(e));
  }
  if (!output.isTensor())
    throw ModelError("'" + path + "' returns " + output.tagKind() + ", not a tensor");
  const torch::Tensor out = output.toTensor();
  if (!out.sizes().equals(expected))
    throw ModelError("'" + path + "' returns shape " + shapeString(out.sizes()) + " for input " +
                     shapeString(input.sizes()) + ", expected " + shapeString(expected) +
                     " (does model.json match the exported model?)");
  if (!torch::isfinite(out).all().item<bool>())
    throw ModelError("'" + path + "' returns non-finite values (NaN/Inf) for input " +
                     shapeString(input.sizes()));
  return out;
}

}  // namespace

StableDiffusionModel::StableDiffusionModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StableDiffusionModel::~StableDiffusionModel() = default;

std::shared_ptr<StableDiffusionModel> StableDiffusionModel::load(
    const std::string& folder, const StableDiffusionModelOptions& options) {
  if (options.chunkSize < 1)
    throw InvalidArgumentError("the decode chunk size must be at least 1, got " +
                               std::to_string(options.chunkSize));
  if (!fs::is_directory(folder))
    throw IoError("model folder '" + folder + "' does not exist (export one with tools/export_sd.py)");
  auto impl = std::make_unique<Impl>();
  impl->folder = folder;
  impl->options = options;
  impl->device = resolveDevice(options.device);

  const fs::path manifestPath = fs::path(folder) / "model.json";
  const nlohmann::json manifest = readManifest(manifestPath);
  if (!manifest.is_object())
    throw ModelError("'" + manifestPath.string() + "' must hold a JSON object");
  if (manifest.contains("prediction_type") && manifest["prediction_type"] != "epsilon")
    throw ModelError("'" + manifestPath.string() + "': prediction_type " +
                     manifest["prediction_type"].dump() + " is not supported; geodex needs an "
                     "ε-prediction model (SD 1.5, SD 2.1-base)");
  impl->scale = positiveNumber(manifest, "latent_scale_factor", manifestPath);
  const nlohmann::json& shape = field(manifest, "latent_shape", manifestPath);
  if (!shape.is_array() || shape.size() != 3 ||
      !std::all_of(shape.begin(), shape.end(), [](const auto& n) { return n.is_number_integer() && n.template get<long long>() > 0; }))
    throw ModelError("'" + manifestPath.string() + "': 'latent_shape' must be [C, h, w] of positive "
                     "integers, got " + shape.dump());
  for (const auto& n : shape) impl->latentShape.push_back(n.get<std::int64_t>());
  const double size = positiveNumber(manifest, "image_size", manifestPath);
  impl->imageSize = static_cast<int>(size);
  if (impl->imageSize != size || impl->imageSize % 8 != 0)
    throw ModelError("'" + manifestPath.string() + "': 'image_size' must be a multiple of 8, got " +
                     manifest["image_size"].dump());

  const nlohmann::json& schedule = field(manifest, "schedule", manifestPath);
  NoiseScheduleOptions scheduleOptions;
  try {
    scheduleOptions.kind = parseNoiseScheduleKind(field(schedule, "type", manifestPath).get<std::string>());
    scheduleOptions.betaStart = positiveNumber(schedule, "beta_start", manifestPath);
    scheduleOptions.betaEnd = positiveNumber(schedule, "beta_end", manifestPath);
    scheduleOptions.timesteps =
        static_cast<int>(positiveNumber(schedule, "num_train_timesteps", manifestPath));
    impl->schedule = NoiseSchedule(scheduleOptions);
  } catch (const nlohmann::json::exception& e) {
    throw ModelError("'" + manifestPath.string() + "': bad 'schedule': " + e.what());
  } catch (const InvalidArgumentError& e) {
    throw ModelError("'" + manifestPath.string() + "': bad 'schedule': " + e.what());
  }

  // Every part runs once on a tiny input, so a broken folder fails here, not mid-pipeline.
  const ScopedTorchThreads threads(options.threads);
  torch::NoGradGuard noGrad;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat32).device(impl->device);
  const std::int64_t S = impl->imageSize;
  std::vector<std::int64_t> latent{1};
  latent.insert(latent.end(), impl->latentShape.begin(), impl->latentShape.end());

  const fs::path encoderPath = partPath(folder, manifest, "vae_encoder");
  const fs::path decoderPath = partPath(folder, manifest, "vae_decoder");
  const fs::path unetPath = partPath(folder, manifest, "unet");
  impl->encoder = loadModule(encoderPath, impl->device);
  runChecked(impl->encoder, torch::zeros({1, 3, S, S}, floats), latent, encoderPath.string());
  impl->decoder = loadModule(decoderPath, impl->device);
  runChecked(impl->decoder, torch::zeros(latent, floats), {1, 3, S, S}, decoderPath.string());

  TorchScriptModelOptions unetOptions;
  unetOptions.sampleShape = impl->latentShape;
  unetOptions.device = options.device;
  unetOptions.timestepDtype = torch::kFloat32;  // export_sd.py traces the U-Net with float t
  unetOptions.probeTimestep = impl->schedule.timesteps() * 2 / 5;
  impl->unet = TorchScriptEpsilonModel::load(unetPath.string(), unetOptions);
  try {
    impl->unet->predict(torch::zeros(latent, floats), unetOptions.probeTimestep);
  } catch (const ModelError& e) {
    throw ModelError("'" + unetPath.string() + "' fails its test forward: " + e.what());
  }
  return std::shared_ptr<StableDiffusionModel>(new StableDiffusionModel(std::move(impl)));
}

const std::string& StableDiffusionModel::folder() const { return impl_->folder; }
int StableDiffusionModel::imageSize() const { return impl_->imageSize; }
const std::vector<std::int64_t>& StableDiffusionModel::latentShape() const { return impl_->latentShape; }
int StableDiffusionModel::latentDimension() const {
  return static_cast<int>(impl_->latentShape[0] * impl_->latentShape[1] * impl_->latentShape[2]);
}
double StableDiffusionModel::latentScaleFactor() const { return impl_->scale; }
const NoiseSchedule& StableDiffusionModel::schedule() const { return impl_->schedule; }
std::string StableDiffusionModel::deviceName() const { return impl_->device.str(); }
const StableDiffusionModelOptions& StableDiffusionModel::options() const { return impl_->options; }
std::shared_ptr<const EpsilonModel> StableDiffusionModel::unet() const { return impl_->unet; }

Eigen::VectorXd StableDiffusionModel::encode(const RgbImage& image) const {
  const int S = impl_->imageSize;
  const RgbImage fitted = image.rows == S && image.cols == S ? image : resizeCentreCrop(image, S);
  Eigen::VectorXf chw = fitted.toSignedRange();
  const ScopedTorchThreads threads(impl_->options.threads);
  torch::NoGradGuard noGrad;
  const torch::Tensor input =
      torch::from_blob(chw.data(), {1, 3, S, S}, torch::kFloat32).to(impl_->device);
  const torch::Tensor mean = impl_->encoder.forward({input}).toTensor();
  const torch::Tensor latent =
      (mean.to(torch::kCPU, torch::kFloat64) * impl_->scale).contiguous().reshape({-1});
  if (latent.numel() != latentDimension() || !torch::isfinite(latent).all().item<bool>())
    throw ModelError("the VAE encoder of '" + impl_->folder + "' returned " +
                     shapeString(mean.sizes()) + " non-finite or misshapen latents");
  return Eigen::Map<const Eigen::VectorXd>(latent.data_ptr<double>(), latent.numel());
}

std::vector<RgbImage> StableDiffusionModel::decode(const Eigen::MatrixXd& latents) const {
  const int d = latentDimension();
  if (latents.rows() != d)
    throw InvalidArgumentError("decode takes latents [" + std::to_string(d) + " × n], got " +
                               std::to_string(latents.rows()) + " rows");
  const int S = impl_->imageSize;
  const ScopedTorchThreads threads(impl_->options.threads);
  torch::NoGradGuard noGrad;
  std::vector<std::int64_t> shape{latents.cols()};
  shape.insert(shape.end(), impl_->latentShape.begin(), impl_->latentShape.end());
  // Eigen is column-major, so every column (one latent) is contiguous: a [n, C, h, w] batch.
  const torch::Tensor all =
      torch::from_blob(const_cast<double*>(latents.data()), shape, torch::kFloat64) / impl_->scale;
  std::vector<RgbImage> images;
  for (std::int64_t begin = 0; begin < latents.cols(); begin += impl_->options.chunkSize) {
    const std::int64_t n = std::min<std::int64_t>(impl_->options.chunkSize, latents.cols() - begin);
    const torch::Tensor input = all.narrow(0, begin, n).to(impl_->device, torch::kFloat32);
    const torch::Tensor out =
        impl_->decoder.forward({input}).toTensor().to(torch::kCPU, torch::kFloat32).contiguous();
    if (!out.sizes().equals({n, 3, S, S}))
      throw ModelError("the VAE decoder of '" + impl_->folder + "' returned " +
                       shapeString(out.sizes()) + " for " + shapeString(input.sizes()));
    for (std::int64_t i = 0; i < n; ++i) {
      const Eigen::Map<const Eigen::VectorXf> chw(out[i].data_ptr<float>(), 3LL * S * S);
      images.push_back(RgbImage::fromSignedRange(S, S, chw));
    }
  }
  return images;
}

}  // namespace geodex
