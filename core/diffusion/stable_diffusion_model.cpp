#include "core/diffusion/stable_diffusion_model.h"

#include <torch/script.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "core/data/image_io.h"
#include "core/diffusion/stable_diffusion/native_stable_diffusion.h"
#include "core/diffusion/stable_diffusion/sd_unet_epsilon_model.h"
#include "core/diffusion/stable_diffusion_manifest.h"
#include "core/diffusion/torchscript_epsilon_model.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"
#include "core/util/torch_device.h"
#include "core/util/torch_threads.h"
#include "core/util/zip_archive_check.h"

namespace geodex {

namespace fs = std::filesystem;

struct StableDiffusionModel::Impl {
  std::string folder;
  StableDiffusionModelOptions options;
  StableDiffusionModelInfo info;
  torch::Device device{torch::kCPU};
  int imageSize = 0;
  std::vector<std::int64_t> latentShape;
  double scale = 1.0;
  NoiseSchedule schedule;
  // Images [B, 3, S, S] in [−1, 1] → unscaled posterior means; unscaled latents → images.
  std::function<torch::Tensor(const torch::Tensor&)> encodeMean, decodeLatents;
  std::shared_ptr<EpsilonModel> unet;
  // Native models: the ε-model for a latent shape, and the multiple image sides must be of.
  std::function<std::shared_ptr<EpsilonModel>(const std::vector<std::int64_t>&)> unetFor;
  int sizeMultiple = 0, downsampling = 8;
};

namespace {

// A part's file inside the folder: a regular file whose every zip record passes its CRC.
fs::path partPath(const fs::path& folder, const std::string& name) {
  const fs::path path = folder / name;
  checkZipArchiveFile(path.string(), "", "is missing (export the model with tools/export_sd.py)",
                      "TorchScript file");
  return path;
}

torch::jit::Module loadModule(const fs::path& path, torch::Device device) {
  try {
    torch::jit::Module module = torch::jit::load(path.string(), device);
    module.eval();
    return module;
  } catch (const std::exception& e) {
    throw IoError("'" + path.string() + "' is not a TorchScript file: " + torchErrorLine(e),
                  e.what());
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
                         ": " + torchErrorLine(e),
                     e.what());
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

namespace {

// A folder written by tools/export_sd.py.
void loadTorchScriptFolder(StableDiffusionModel::Impl& impl, const std::string& folder) {
  const fs::path manifestPath = fs::path(folder) / "model.json";
  // Field by field, with limits, before any size below is used for an allocation.
  const StableDiffusionManifest manifest = readStableDiffusionManifest(manifestPath.string());
  impl.scale = manifest.latentScaleFactor;
  impl.latentShape = manifest.latentShape;
  impl.imageSize = manifest.imageSize;
  impl.schedule = NoiseSchedule(manifest.schedule);

  // Every part runs once on a tiny input, so a broken folder fails here, not mid-pipeline.
  const ScopedTorchThreads threads(impl.options.threads);
  torch::NoGradGuard noGrad;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat32).device(impl.device);
  const std::int64_t S = impl.imageSize;
  std::vector<std::int64_t> latent{1};
  latent.insert(latent.end(), impl.latentShape.begin(), impl.latentShape.end());

  const fs::path encoderPath = partPath(folder, manifest.vaeEncoderFile);
  const fs::path decoderPath = partPath(folder, manifest.vaeDecoderFile);
  const fs::path unetPath = partPath(folder, manifest.unetFile);
  auto encoder = std::make_shared<torch::jit::Module>(loadModule(encoderPath, impl.device));
  runChecked(*encoder, torch::zeros({1, 3, S, S}, floats), latent, encoderPath.string());
  auto decoder = std::make_shared<torch::jit::Module>(loadModule(decoderPath, impl.device));
  runChecked(*decoder, torch::zeros(latent, floats), {1, 3, S, S}, decoderPath.string());
  impl.encodeMean = [encoder](const torch::Tensor& x) { return encoder->forward({x}).toTensor(); };
  impl.decodeLatents = [decoder](const torch::Tensor& z) { return decoder->forward({z}).toTensor(); };

  TorchScriptModelOptions unetOptions;
  unetOptions.sampleShape = impl.latentShape;
  unetOptions.device = impl.options.device;
  unetOptions.timestepDtype = torch::kFloat32;  // export_sd.py traces the U-Net with float t
  unetOptions.probeTimestep = impl.schedule.timesteps() * 2 / 5;
  const auto unet = TorchScriptEpsilonModel::load(unetPath.string(), unetOptions);
  try {
    unet->predict(torch::zeros(latent, floats), unetOptions.probeTimestep);
  } catch (const NumericalError& e) {  // non-finite already at load: the file's content (exit 2)
    throw ModelError("'" + unetPath.string() + "' fails its test forward: " + e.what());
  } catch (const ModelError& e) {
    throw ModelError("'" + unetPath.string() + "' fails its test forward: " + e.what());
  }
  impl.unet = unet;
  impl.info.source = CheckpointSource::TorchScriptFolder;
}

void checkImageSize(const StableDiffusionModel::Impl& impl, int size) {
  if (size < impl.sizeMultiple || size % impl.sizeMultiple != 0 ||
      size > StableDiffusionModelOptions::kMaxImageSize)
    throw InvalidArgumentError("the image size must be a multiple of " + std::to_string(impl.sizeMultiple) +
                               " up to " + std::to_string(StableDiffusionModelOptions::kMaxImageSize) +
                               " for this model, got " + std::to_string(size));
}

// A .safetensors checkpoint or a diffusers folder, in geodex's own networks.
void loadNative(StableDiffusionModel::Impl& impl, const std::string& path, const SolverControl& control) {
  const StableDiffusionModelOptions& o = impl.options;
  NativeLoadOptions native;
  native.device = impl.device;
  native.dtype = impl.device.is_cuda() ? torch::kFloat16 : torch::kFloat32;
  if (!o.prediction.empty()) native.prediction = parsePredictionType(o.prediction);
  native.prompt = o.prompt;
  native.vocabularyFolder = o.vocabulary;
  native.textEmbeddingFile = o.textEmbedding;
  const ScopedTorchThreads threads(o.threads);
  NativeStableDiffusion model = loadNativeStableDiffusion(path, native, control);
  const StableDiffusionArchitecture& a = model.architecture;
  // Images are squares whose latents every U-Net level can halve.
  impl.sizeMultiple = a.vae.downsampling() * a.unet.latentMultiple();
  impl.downsampling = a.vae.downsampling();
  impl.imageSize = o.imageSize > 0 ? o.imageSize
                   : impl.device.is_cuda() ? a.nativeImageSize
                                           : std::min(a.nativeImageSize, StableDiffusionModelOptions::kDefaultCpuImageSize);
  checkImageSize(impl, impl.imageSize);
  const std::int64_t side = impl.imageSize / a.vae.downsampling();
  impl.latentShape = {a.vae.embedDim, side, side};
  impl.scale = a.vae.scaleFactor;
  impl.schedule = model.schedule;
  const torch::Dtype dtype = native.dtype;
  SdVae vae = model.vae;
  impl.encodeMean = [vae, dtype](const torch::Tensor& x) mutable {
    return vae->encodeMean(x.to(dtype)).to(torch::kFloat32);
  };
  impl.decodeLatents = [vae, dtype](const torch::Tensor& z) mutable {
    return vae->decode(z.to(dtype)).to(torch::kFloat32);
  };
  const SdUnet unet = model.unet;
  const torch::Tensor context = model.context;
  const NoiseSchedule schedule = model.schedule;
  const torch::Device device = impl.device;
  const PredictionType prediction = a.prediction;
  impl.unetFor = [=](const std::vector<std::int64_t>& shape) -> std::shared_ptr<EpsilonModel> {
    return std::make_shared<SdUnetEpsilonModel>(unet, context, prediction, schedule, shape, device, dtype);
  };
  impl.unet = impl.unetFor(impl.latentShape);
  StableDiffusionModelInfo& info = impl.info;
  info.source = a.source;
  info.architecture = a;
  info.loaded = model.loaded;
  info.computeDtype = dtype == torch::kFloat16 ? "float16" : "float32";
}

}  // namespace

std::string StableDiffusionModelInfo::summary(const std::string& device) const {
  std::string text = architecture ? architecture->description() : "TorchScript export (tools/export_sd.py)";
  const std::int64_t parameters = loaded.parameters();
  if (parameters > 0) {
    const double billions = double(parameters) / 1e9;
    text += " · " + (billions >= 1 ? numberText(std::round(billions * 100) / 100) + " G"
                                   : numberText(std::round(double(parameters) / 1e4) / 100) + " M") +
            " parameters";
  }
  return text + " · " + computeDtype + " on " + device;
}

std::shared_ptr<StableDiffusionModel> StableDiffusionModel::load(
    const std::string& path, const StableDiffusionModelOptions& options, const SolverControl& control) {
  if (options.chunkSize < 1)
    throw InvalidArgumentError("the decode chunk size must be at least 1, got " +
                               std::to_string(options.chunkSize));
  if (options.imageSize < 0 || options.imageSize > StableDiffusionModelOptions::kMaxImageSize)
    throw InvalidArgumentError("the image size must be 0 (the default) or up to " +
                               std::to_string(StableDiffusionModelOptions::kMaxImageSize) + ", got " +
                               std::to_string(options.imageSize));
  const Stopwatch start;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // stat only: nothing is opened
  if (!fs::exists(status))
    throw IoError("model '" + path + "' does not exist (give a .safetensors checkpoint or a "
                  "diffusers folder)");
  auto impl = std::make_unique<Impl>();
  impl->folder = path;
  impl->options = options;
  impl->device = resolveDevice(options.device);
  if (fs::is_directory(status) && fs::exists(fs::path(path) / "model.json")) {
    const bool nativeOnly = options.imageSize > 0 || !options.prediction.empty() ||
                            !options.prompt.empty() || !options.textEmbedding.empty();
    if (nativeOnly)
      throw InvalidArgumentError("'" + path + "' is a TorchScript folder (tools/export_sd.py): its "
                                 "image size, prediction type and prompt were fixed when it was "
                                 "exported");
    loadTorchScriptFolder(*impl, path);
  } else {
    loadNative(*impl, path, control);
  }
  impl->info.loadSeconds = start.seconds();
  return std::shared_ptr<StableDiffusionModel>(new StableDiffusionModel(std::move(impl)));
}

std::shared_ptr<StableDiffusionModel> StableDiffusionModel::resized(int imageSize) const {
  if (!impl_->unetFor)
    throw InvalidArgumentError("'" + impl_->folder + "' is a TorchScript folder: its image size (" +
                               std::to_string(impl_->imageSize) + ") was fixed when it was exported");
  checkImageSize(*impl_, imageSize);
  auto impl = std::make_unique<Impl>(*impl_);
  impl->imageSize = imageSize;
  impl->latentShape[1] = impl->latentShape[2] = imageSize / impl->downsampling;
  impl->unet = impl->unetFor(impl->latentShape);
  impl->options.imageSize = imageSize;
  return std::shared_ptr<StableDiffusionModel>(new StableDiffusionModel(std::move(impl)));
}

const std::string& StableDiffusionModel::folder() const { return impl_->folder; }
const StableDiffusionModelInfo& StableDiffusionModel::info() const { return impl_->info; }
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
  return translateLibraryErrors("the VAE encoder of '" + impl_->folder + "'",
                                [&] { return encodeChecked(image); });
}

Eigen::VectorXd StableDiffusionModel::encodeChecked(const RgbImage& image) const {
  const int S = impl_->imageSize;
  const RgbImage fitted = image.rows == S && image.cols == S ? image : resizeCentreCrop(image, S);
  Eigen::VectorXf chw = fitted.toSignedRange();
  const ScopedTorchThreads threads(impl_->options.threads);
  torch::NoGradGuard noGrad;
  const torch::Tensor input =
      torch::from_blob(chw.data(), {1, 3, S, S}, torch::kFloat32).to(impl_->device);
  const torch::Tensor mean = impl_->encodeMean(input);
  const torch::Tensor latent =
      (mean.to(torch::kCPU, torch::kFloat64) * impl_->scale).contiguous().reshape({-1});
  if (latent.numel() != latentDimension())
    throw ModelError("the VAE encoder of '" + impl_->folder + "' returned misshapen latents " +
                     shapeString(mean.sizes()));
  if (!torch::isfinite(latent).all().item<bool>())
    throw NumericalError("the VAE encoder of '" + impl_->folder + "' returned non-finite latents");
  return Eigen::Map<const Eigen::VectorXd>(latent.data_ptr<double>(), latent.numel());
}

std::vector<RgbImage> StableDiffusionModel::decode(const Eigen::MatrixXd& latents) const {
  return translateLibraryErrors("the VAE decoder of '" + impl_->folder + "'",
                                [&] { return decodeChecked(latents); });
}

std::vector<RgbImage> StableDiffusionModel::decodeChecked(const Eigen::MatrixXd& latents) const {
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
        impl_->decodeLatents(input).to(torch::kCPU, torch::kFloat32).contiguous();
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
