#include "core/diffusion/stable_diffusion_model.h"

#include <torch/script.h>

#include <algorithm>
#include <filesystem>

#include "core/data/image_io.h"
#include "core/diffusion/stable_diffusion_manifest.h"
#include "core/diffusion/torchscript_epsilon_model.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/torch_device.h"
#include "core/util/torch_threads.h"
#include "core/util/zip_archive_check.h"

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

std::shared_ptr<StableDiffusionModel> StableDiffusionModel::load(
    const std::string& folder, const StableDiffusionModelOptions& options) {
  if (options.chunkSize < 1)
    throw InvalidArgumentError("the decode chunk size must be at least 1, got " +
                               std::to_string(options.chunkSize));
  std::error_code ec;
  const fs::file_status status = fs::status(folder, ec);  // stat only: nothing is opened
  if (!fs::exists(status))
    throw IoError("model folder '" + folder + "' does not exist (export one with tools/export_sd.py)");
  if (!fs::is_directory(status))
    throw IoError("model folder '" + folder +
                  "' is not a folder (a Stable Diffusion model is the "
                  "folder tools/export_sd.py writes)");
  auto impl = std::make_unique<Impl>();
  impl->folder = folder;
  impl->options = options;
  impl->device = resolveDevice(options.device);

  const fs::path manifestPath = fs::path(folder) / "model.json";
  // Field by field, with limits, before any size below is used for an allocation.
  const StableDiffusionManifest manifest = readStableDiffusionManifest(manifestPath.string());
  impl->scale = manifest.latentScaleFactor;
  impl->latentShape = manifest.latentShape;
  impl->imageSize = manifest.imageSize;
  impl->schedule = NoiseSchedule(manifest.schedule);

  // Every part runs once on a tiny input, so a broken folder fails here, not mid-pipeline.
  const ScopedTorchThreads threads(options.threads);
  torch::NoGradGuard noGrad;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat32).device(impl->device);
  const std::int64_t S = impl->imageSize;
  std::vector<std::int64_t> latent{1};
  latent.insert(latent.end(), impl->latentShape.begin(), impl->latentShape.end());

  const fs::path encoderPath = partPath(folder, manifest.vaeEncoderFile);
  const fs::path decoderPath = partPath(folder, manifest.vaeDecoderFile);
  const fs::path unetPath = partPath(folder, manifest.unetFile);
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
  const torch::Tensor mean = impl_->encoder.forward({input}).toTensor();
  const torch::Tensor latent =
      (mean.to(torch::kCPU, torch::kFloat64) * impl_->scale).contiguous().reshape({-1});
  if (latent.numel() != latentDimension() || !torch::isfinite(latent).all().item<bool>())
    throw ModelError("the VAE encoder of '" + impl_->folder + "' returned " +
                     shapeString(mean.sizes()) + " non-finite or misshapen latents");
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
