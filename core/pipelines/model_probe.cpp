#include "core/pipelines/model_probe.h"

#include <filesystem>

#include "core/data/image_io.h"
#include "core/data/npy_file.h"
#include "core/diffusion/stable_diffusion/native_stable_diffusion.h"
#include "core/diffusion/stable_diffusion/sd_unet_epsilon_model.h"
#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/pending_writes.h"
#include "core/util/process_memory.h"
#include "core/util/stopwatch.h"
#include "core/util/torch_device.h"
#include "core/util/torch_threads.h"

namespace geodex {

namespace {

std::vector<float> valuesOf(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

std::vector<std::int64_t> shapeOf(const torch::Tensor& t) { return t.sizes().vec(); }

std::string npyOf(const torch::Tensor& t) { return encodeNpy(shapeOf(t), valuesOf(t)); }

// The U-Net's ε̂ at the latent and the VAE's decoding of it (the reference's eps.npy and
// decoded.npy). Shapes and t are checked against the loaded model.
void probeLatent(const ModelProbeOptions& o, const NpyArray& latent,
                 NativeStableDiffusion& model, const NativeLoadOptions& load,
                 ModelProbeResult& result, std::vector<std::pair<std::string, std::string>>& files) {
  const StableDiffusionArchitecture& a = model.architecture;
  const std::int64_t multiple = a.unet.latentMultiple();
  if (latent.shape[1] != a.unet.inChannels || latent.shape[2] % multiple ||
      latent.shape[3] % multiple)
    throw InvalidArgumentError("--latent '" + o.latentFile + "' has the shape " +
                               shapeString(latent.shape) + "; this model takes [1, " +
                               std::to_string(a.unet.inChannels) +
                               ", h, w] with h and w multiples of " + std::to_string(multiple));
  if (o.timestep < 0 || o.timestep >= model.schedule.timesteps())
    throw InvalidArgumentError("--t must be in [0, " +
                               std::to_string(model.schedule.timesteps() - 1) + "], got " +
                               std::to_string(o.timestep));
  const torch::Tensor x =
      torch::tensor(latent.values).reshape(latent.shape).to(load.device, load.dtype);
  const SdUnetEpsilonModel unet(model.unet, model.context, a.prediction, model.schedule,
                                {latent.shape[1], latent.shape[2], latent.shape[3]}, load.device,
                                load.dtype);
  const torch::Tensor eps = unet.predict(x, o.timestep);
  result.alphaBar = model.schedule.alphaBar(o.timestep);
  files.push_back({"eps.npy", npyOf(eps)});
  files.push_back({"decoded.npy", npyOf(model.vae->decode(x / a.vae.scaleFactor))});
}

// The VAE's mean latent of the image, centre-cropped to a multiple of its downsampling.
std::string probeImage(const ModelProbeOptions& o, const RgbImage& image,
                       NativeStableDiffusion& model, const NativeLoadOptions& load) {
  const StableDiffusionArchitecture& a = model.architecture;
  const int f = a.vae.downsampling();
  const int rows = image.rows / f * f, cols = image.cols / f * f;
  if (rows == 0 || cols == 0)
    throw InvalidArgumentError("--image '" + o.imageFile + "' is smaller than " +
                               std::to_string(f) + " pixels on a side");
  const int top = (image.rows - rows) / 2, left = (image.cols - cols) / 2;
  const Eigen::VectorXf chw = image.toSignedRange();
  const torch::Tensor whole =
      torch::from_blob(const_cast<float*>(chw.data()), {1, 3, image.rows, image.cols});
  const torch::Tensor input =
      whole.narrow(2, top, rows).narrow(3, left, cols).to(load.device, load.dtype);
  return npyOf(model.vae->encodeMean(input) * a.vae.scaleFactor);
}

NativeLoadOptions loadOptionsFor(const ModelProbeOptions& o) {
  NativeLoadOptions load;
  load.device = resolveDevice(o.device);
  load.dtype = load.device.is_cuda() ? torch::kFloat16 : torch::kFloat32;
  if (!o.prediction.empty()) load.prediction = parsePredictionType(o.prediction);
  load.prompt = o.prompt;
  load.vocabularyFolder = o.vocabulary;
  load.textEmbeddingFile = o.textEmbedding;
  return load;
}

// The .npy files into the folder as one set (into `outputs` when the caller publishes more).
void writeProbeFiles(const ModelProbeOptions& o,
                     const std::vector<std::pair<std::string, std::string>>& files,
                     AtomicFileSet* outputs, ModelProbeResult& result) {
  namespace fs = std::filesystem;
  PendingWrites::throwIfCancelled("writing into '" + o.outFolder + "'");  // not even the folder
  std::error_code ec;
  fs::create_directories(o.outFolder, ec);
  if (ec) throw WriteError("cannot create the folder '" + o.outFolder + "': " + ec.message());
  AtomicFileSet own;
  AtomicFileSet& set = outputs ? *outputs : own;
  for (const auto& [name, bytes] : files) {
    const std::string path = (fs::path(o.outFolder) / name).string();
    set.add(path, bytes);
    result.written.push_back(path);
  }
  if (!outputs) set.commit();
}

}  // namespace

ModelProbeResult probeModel(const ModelProbeOptions& o, const SolverControl& control,
                            AtomicFileSet* outputs) {
  namespace fs = std::filesystem;
  if (o.outFolder.empty()) throw InvalidArgumentError("--out: give a folder for the .npy files");
  if (fs::exists(o.outFolder) && !fs::is_directory(o.outFolder))
    throw InvalidArgumentError("--out '" + o.outFolder + "' exists and is not a folder");
  // Inputs first: a bad latent or image fails before the slow load.
  NpyArray latent;
  if (!o.latentFile.empty()) {
    latent = readNpy(o.latentFile, 1 << 26);
    if (latent.shape.size() != 4 || latent.shape[0] != 1)
      throw InvalidArgumentError("--latent '" + o.latentFile + "' has the shape " +
                                 shapeString(latent.shape) + "; a latent is [1, C, h, w]");
  }
  RgbImage image;
  if (!o.imageFile.empty()) image = loadRgbImage(o.imageFile);

  const ScopedTorchThreads threads(o.threads);
  const NativeLoadOptions load = loadOptionsFor(o);
  const Stopwatch start;
  NativeStableDiffusion model = loadNativeStableDiffusion(o.model, load, control);
  ModelProbeResult result;
  result.loadSeconds = start.seconds();
  result.device = load.device.str();
  result.architecture = model.architecture;
  result.loaded = model.loaded;

  std::vector<std::pair<std::string, std::string>> files;  // name, .npy bytes
  translateLibraryErrors("probing '" + o.model + "'", [&] {
    torch::NoGradGuard noGrad;
    files.push_back({"context.npy", npyOf(model.context)});
    if (!o.latentFile.empty()) probeLatent(o, latent, model, load, result, files);
    if (!o.imageFile.empty()) files.push_back({"encoded.npy", probeImage(o, image, model, load)});
    return 0;
  });
  writeProbeFiles(o, files, outputs, result);
  result.peakResidentBytes = peakResidentBytes();
  return result;
}

}  // namespace geodex
