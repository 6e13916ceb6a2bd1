// geodex-cli model-probe: what a Stable Diffusion checkpoint or diffusers folder is, and what its
// networks compute for given inputs (.npy files to compare with a diffusers pipeline). The work
// is core's (core/pipelines/model_probe.h); this file parses and reports.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "core/pipelines/model_probe.h"
#include "core/util/blas_library.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

namespace {

struct ProbeArguments {
  std::string json;
  std::string device = "auto";
  ModelProbeOptions probe;
};

nlohmann::json architectureJson(const StableDiffusionArchitecture& a) {
  const SdUnetConfig& u = a.unet;
  std::vector<int> heads;
  for (int level = 0; level < u.levels(); ++level)
    heads.push_back(u.headsAt(level, u.modelChannels * u.channelMult[std::size_t(level)]));
  return {{"unet",
           {{"model_channels", u.modelChannels},
            {"channel_mult", u.channelMult},
            {"res_blocks", u.resBlocks},
            {"attention_levels", u.attention},
            {"heads_per_level", heads},
            {"transformer_depth", u.transformerDepth},
            {"context_dim", u.contextDim},
            {"linear_projection", u.linearProjection}}},
          {"vae",
           {{"channels", a.vae.channels},
            {"channel_mult", a.vae.channelMult},
            {"res_blocks", a.vae.resBlocks},
            {"latent_channels", a.vae.embedDim},
            {"scale_factor", a.vae.scaleFactor}}},
          {"text_encoder",
           {{"vocabulary", a.text.vocabulary},
            {"width", a.text.width},
            {"layers_used", a.text.layers},
            {"heads", a.text.heads},
            {"activation", a.text.activation == ClipTextConfig::Activation::Gelu ? "gelu" : "quick_gelu"}}},
          {"schedule",
           {{"type", a.scaledLinear ? "scaled_linear" : "linear"},
            {"beta_start", a.betaStart},
            {"beta_end", a.betaEnd},
            {"timesteps", a.timesteps}}},
          {"native_image_size", a.nativeImageSize}};
}

void addProbeOptions(CLI::App* command, ProbeArguments& args) {
  ModelProbeOptions& o = args.probe;
  command->add_option("--model", o.model, ".safetensors checkpoint or diffusers folder")->required();
  command->add_option("--out", o.outFolder, "folder for the .npy files (created when missing)")->required();
  command->add_option("--json", args.json, "the report as JSON ('-' for stdout)");
  command->add_option("--prompt", o.prompt, "text whose embedding is context.npy (default: empty)");
  command->add_option("--vocabulary", o.vocabulary,
                      "tokenizer folder (vocab.json, merges.txt) for --prompt when the model has none");
  command->add_option("--text-embedding", o.textEmbedding,
                      "a [1, 77, C] float .npy used as the context instead of the text encoder");
  command->add_option("--latent", o.latentFile,
                      "a [1, 4, h, w] float .npy latent (scaled, as the U-Net sees it): writes eps.npy and decoded.npy");
  command->add_option("--t", o.timestep, "diffusion level of eps.npy")->capture_default_str();
  command->add_option("--image", o.imageFile, "an image: writes encoded.npy (scale × posterior mean)");
  command->add_option("--prediction", o.prediction,
                      "epsilon|v: override the prediction type the model says or implies");
  command->add_option("--device", args.device, "auto|cpu|cuda")->capture_default_str();
  addWholeNumberOption(command, "--threads", o.threads,
                       "LibTorch threads (0: all cores, one when other tasks fill them)", 0, kMaxThreads);
}

nlohmann::json reportJson(const ModelProbeOptions& o, const ModelProbeResult& r) {
  const StableDiffusionArchitecture& a = r.architecture;
  nlohmann::json out = {{"model", o.model},
                        {"source", toString(a.source)},
                        {"family", toString(a.family)},
                        {"description", a.description()},
                        {"prediction_type", toString(a.prediction)},
                        {"prediction_source", a.predictionSource},
                        {"stored_dtype", a.storedDtype},
                        {"parameters",
                         {{"unet", r.loaded.unetParameters},
                          {"vae", r.loaded.vaeParameters},
                          {"text_encoder", r.loaded.textParameters},
                          {"total", r.loaded.parameters()}}},
                        {"weight_bytes_read", r.loaded.fileBytes},
                        {"ignored_tensors", r.loaded.ignoredTensors},
                        {"load_seconds", r.loadSeconds},
                        {"peak_rss_bytes", r.peakResidentBytes},
                        {"device", r.device},
                        {"text", r.loaded.textSource},
                        {"architecture", architectureJson(a)},
                        {"blas", blasLibraryPath()},
                        {"files", r.written}};
  if (!o.latentFile.empty()) out.update({{"t", o.timestep}, {"alpha_bar", r.alphaBar}});
  return out;
}

void printReport(const ModelProbeResult& r) {
  const StableDiffusionArchitecture& a = r.architecture;
  std::cout << a.description() << " (" << toString(a.source) << ")\n"
            << "prediction: " << toString(a.prediction) << " (" << a.predictionSource << ")\n"
            << "parameters: U-Net " << r.loaded.unetParameters << ", VAE " << r.loaded.vaeParameters
            << ", text encoder " << r.loaded.textParameters << "\n"
            << "loaded in " << numberText(r.loadSeconds) << " s on " << r.device << ", peak memory "
            << byteCount(r.peakResidentBytes) << "\n";
  for (const std::string& file : r.written) std::cout << "wrote " << file << "\n";
  if (const std::string warning = referenceBlasWarning(); !warning.empty())
    std::cout << "warning: " << warning << "\n";
}

void runProbe(const ProbeArguments& args) {
  ModelProbeOptions options = args.probe;
  options.device = parseDeviceChoice(args.device);
  if (!options.prediction.empty()) parsePredictionType(options.prediction);
  const bool quiet = args.json == "-";
  SolverControl control = CommandInterrupt::control();
  control.progress = progressInTenths(quiet, [](int percent, int, double) {
    std::cout << "loading " << percent << " %\n" << std::flush;
  });
  // The .npy files and the JSON report as one set: all written or none.
  AtomicFileSet outputs;
  ModelProbeResult r;
  try {
    r = probeModel(options, control, &outputs);
  } catch (const CancelledError&) {
    throw CancelledError("model-probe interrupted; nothing written");
  }
  commitWithJson(outputs, args.json, reportJson(options, r));
  if (!quiet) printReport(r);
}

}  // namespace

void addModelProbeCommand(CLI::App& app) {
  addCommand(app, "model-probe",
             "load a Stable Diffusion 1.x/2.x checkpoint (.safetensors) or diffusers folder, report what "
             "it is and write what its networks compute as float32 .npy files (context, eps, decoded, "
             "encoded) to compare with a diffusers pipeline",
             addProbeOptions, runProbe);
}

}  // namespace geodex::cli
