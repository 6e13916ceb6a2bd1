#include "core/diffusion/stable_diffusion/native_stable_diffusion.h"

#include <cmath>

#include "core/data/npy_file.h"
#include "core/diffusion/stable_diffusion/clip_text_encoder.h"
#include "core/diffusion/stable_diffusion/clip_tokenizer.h"
#include "core/diffusion/stable_diffusion/sd_weight_loader.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/message_format.h"
#include "core/util/torch_device.h"

namespace geodex {

namespace {

// Inference only: no parameter needs a gradient, so the score's vector–Jacobian product
// back-propagates to the input alone (weight gradients would double its cost).
void freeze(torch::nn::Module& module) {
  module.eval();
  for (torch::Tensor& p : module.parameters()) p.set_requires_grad(false);
}

std::int64_t parameterCount(torch::nn::Module& module) {
  std::int64_t n = 0;
  for (const torch::Tensor& p : module.parameters()) n += p.numel();
  return n;
}

// The [1, n, C] context from a .npy file instead of the text encoder.
torch::Tensor contextFromFile(const std::string& path, std::int64_t width, std::int64_t positions) {
  const NpyArray array = readNpy(path, 1 << 24);
  if (array.shape.size() != 3 || array.shape[0] != 1 || array.shape[1] < 1 ||
      array.shape[1] > positions || array.shape[2] != width)
    throw InvalidArgumentError("--text-embedding '" + path + "' has the shape " +
                               shapeString(array.shape) + "; this model needs [1, " +
                               std::to_string(positions) + ", " + std::to_string(width) + "]");
  for (float v : array.values)
    if (!std::isfinite(v)) throw InvalidArgumentError("--text-embedding '" + path + "' holds NaN or infinite values");
  return torch::tensor(array.values).reshape(array.shape);
}

}  // namespace

std::vector<std::int64_t> emptyPromptTokens(const ClipTextConfig& text) {
  std::vector<std::int64_t> tokens(std::size_t(text.positions), text.padWithEnd ? text.endToken() : 0);
  tokens[0] = text.startToken();
  if (tokens.size() > 1) tokens[1] = text.endToken();
  return tokens;
}

NativeStableDiffusion loadNativeStableDiffusion(const std::string& path,
                                                const NativeLoadOptions& options,
                                                const SolverControl& control) {
  CheckpointOptions checkpointOptions;
  checkpointOptions.prediction = options.prediction;
  const std::unique_ptr<StableDiffusionCheckpoint> checkpoint =
      StableDiffusionCheckpoint::open(path, checkpointOptions);
  NativeStableDiffusion model;
  const StableDiffusionArchitecture& a = checkpoint->architecture();
  model.architecture = a;
  model.loaded.ignoredTensors = checkpoint->ignoredTensors();
  model.schedule = a.scaledLinear ? NoiseSchedule::scaledLinear(a.timesteps, a.betaStart, a.betaEnd)
                                  : NoiseSchedule::linear(a.timesteps, a.betaStart, a.betaEnd);
  // Tokens before anything heavy: a prompt without a vocabulary fails at once.
  std::vector<std::int64_t> tokens;
  const bool fromFile = !options.textEmbeddingFile.empty();
  if (!fromFile) {
    if (options.prompt.empty()) {
      tokens = emptyPromptTokens(a.text);
      model.loaded.textSource = "empty prompt";
    } else {
      const std::string folder =
          !options.vocabularyFolder.empty() ? options.vocabularyFolder : checkpoint->tokenizerFolder();
      if (folder.empty())
        throw InvalidArgumentError(
            "a prompt needs CLIP's vocabulary, which '" + path + "' does not carry: give "
            "--vocabulary with a tokenizer folder (vocab.json and merges.txt, as in any diffusers "
            "Stable Diffusion folder) or --text-embedding with a [1, 77, " +
            std::to_string(a.text.width) + "] .npy");
      const ClipTokenizer tokenizer = ClipTokenizer::load(folder);
      if (tokenizer.vocabularySize() != a.text.vocabulary)
        throw InvalidArgumentError("the vocabulary in '" + folder + "' has " +
                                   std::to_string(tokenizer.vocabularySize()) +
                                   " tokens, the text encoder " + std::to_string(a.text.vocabulary));
      tokens = tokenizer.encode(options.prompt, a.text.positions, a.text.padWithEnd ? a.text.endToken() : 0);
      model.loaded.textSource = "prompt '" + shortText(options.prompt) + "'";
    }
  }

  const std::uint64_t total = checkpoint->bytesOf("unet.") + checkpoint->bytesOf("vae.") +
                              (fromFile ? 0 : checkpoint->bytesOf("text."));
  std::uint64_t before = 0;
  const auto onBytes = [&](std::uint64_t bytes) {
    if (control.progress && total > 0) control.progress(double(before + bytes) / double(total), 0, 0.0);
  };
  const auto load = [&](torch::nn::Module& module, const std::string& prefix) {
    loadWeights(module, prefix, *checkpoint, onBytes, control.cancel);
    before += checkpoint->bytesOf(prefix);
  };
  translateLibraryErrors("loading '" + path + "'", [&] {
    torch::NoGradGuard noGrad;
    if (fromFile) {
      model.context = contextFromFile(options.textEmbeddingFile, a.text.width, a.text.positions);
      model.loaded.textSource = options.textEmbeddingFile;
    } else {
      ClipTextEncoder text(a.text);
      load(*text, "text.");
      freeze(*text);
      model.loaded.textParameters = parameterCount(*text);
      model.context = text->forward(torch::tensor(tokens, torch::kLong).unsqueeze(0));
    }
    model.context = model.context.to(options.device, options.dtype);
    model.vae = SdVae(a.vae);
    load(*model.vae, "vae.");
    freeze(*model.vae);
    model.vae->to(options.device, options.dtype);
    model.loaded.vaeParameters = parameterCount(*model.vae);
    model.unet = SdUnet(a.unet);
    load(*model.unet, "unet.");
    freeze(*model.unet);
    model.unet->to(options.device, options.dtype);
    model.loaded.unetParameters = parameterCount(*model.unet);
    return 0;
  });
  model.loaded.fileBytes = total;
  return model;
}

}  // namespace geodex
