// geodex-cli interpolate: the paper's Stable Diffusion image interpolation (geodesic and the
// LERP / SLERP / NoiseDiffusion baselines) between two photos — or every pair of a list
// (--pairs) — on a Stable Diffusion checkpoint (.safetensors), a diffusers folder or a
// TorchScript folder (tools/export_sd.py), with JSON figures (LPIPS, and
// FID/KID with a user-supplied Inception) and strip / GIF / video / frame exports. The
// evaluation is core's (core/pipelines/image_pair_evaluation.h); this file parses and writes.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "app/cli/metric_options.h"
#include "core/data/image_io.h"
#include "core/data/image_pair_list.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/eval/inception_scorer.h"
#include "core/eval/lpips_scorer.h"
#include "core/io/frame_folder.h"
#include "core/io/frame_stack.h"
#include "core/io/gif_writer.h"
#include "core/io/image_interpolation_json.h"
#include "core/io/image_strip.h"
#include "core/io/metric_options_json.h"
#include "core/io/video_writer.h"
#include "core/pipelines/image_pair_evaluation.h"
#include "core/util/atomic_file_set.h"
#include "core/util/blas_library.h"
#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

namespace {
struct InterpolateArguments {
  std::string model, a, b, pairs;
  std::string method = "all";
  std::string solver = "fast";
  std::string device = "auto";
  std::string json, strip, gif, video, frames, lpips, inception, graphImages;
  MetricArguments metric;  // score or pullback, with their parameters
  bool noBrisque = false;
  StableDiffusionModelOptions model_;  // image size, prediction, prompt (checkpoints only)
};

std::vector<InterpolationMethod> parseMethods(const std::string& text) {
  if (text == "all")
    return {InterpolationMethod::Geodesic, InterpolationMethod::Lerp, InterpolationMethod::Slerp,
            InterpolationMethod::NoiseDiffusion};
  std::vector<InterpolationMethod> methods;
  for (const std::string& name : splitCommaList(text)) methods.push_back(parseInterpolationMethod(name));
  return methods;
}

// More reference images than this make the graph's edge weights slower than the solve.
constexpr int kMaxGraphImages = 5000;

void requireFile(const std::string& path, const std::string& option) {
  if (!std::filesystem::is_regular_file(path))
    throw InvalidArgumentError(option + " '" + path + "' is not a file");
}

}  // namespace

void addInterpolateCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "interpolate",
      "interpolate two photos (or every pair of a --pairs list) with a Stable Diffusion 1.x/2.x "
      "model (.safetensors checkpoint, diffusers folder, or tools/export_sd.py folder): geodesic "
      "under g = I + λ s sᵀ at level t and/or the LERP, SLERP, NoiseDiffusion baselines");
  auto args = std::make_shared<InterpolateArguments>();
  auto options = std::make_shared<ImageInterpolationOptions>();
  command->add_option("--model", args->model,
                      "Stable Diffusion 1.x/2.x: a .safetensors checkpoint, a diffusers folder, or "
                      "a folder written by tools/export_sd.py")
      ->required();
  command->add_option("--image-size", args->model_.imageSize,
                      "square image side for checkpoints (a multiple of 64; 0: 512 on the CPU, the "
                      "model's native size on CUDA)")
      ->capture_default_str();
  command->add_option("--prediction", args->model_.prediction,
                      "epsilon|v: override the prediction type the checkpoint says or implies "
                      "(SD 2.x 768-v files are v)");
  command->add_option("--prompt", args->model_.prompt,
                      "text conditioning the U-Net (default: empty, the unconditional model)");
  command->add_option("--vocabulary", args->model_.vocabulary,
                      "tokenizer folder (vocab.json, merges.txt) for --prompt when the model has none");
  command->add_option("--text-embedding", args->model_.textEmbedding,
                      "a [1, 77, C] float .npy used as the U-Net's context instead of a prompt");
  command->add_option("--a", args->a, "first photo (PNG, JPEG, ...); required unless --pairs");
  command->add_option("--b", args->b, "second photo; required unless --pairs");
  command->add_option("--pairs", args->pairs,
                      "text file with one 'imageA imageB' pair per line (paths relative to the "
                      "file's folder, '#' comments): every method runs on every pair");
  command->add_option("--method", args->method, "geodesic|lerp|slerp|noisediffusion|all, or a comma list")->capture_default_str();
  command->add_option("--points", options->points, "path points including both photos")->capture_default_str();
  command->add_option("--t", options->timestep, "diffusion level t (-1: 400 of 1000, scaled to the model's T)")->capture_default_str();
  command->add_option("--solver", args->solver, "fast|adam")->capture_default_str();
  addMetricOptions(command, args->metric, {MetricKind::Score, MetricKind::Pullback}, true);
  command->add_option("--refinement", options->refinement,
                      "pieces per segment of every method's refined length (1: the plain length)")
      ->capture_default_str();
  command->add_option("--graph-images", args->graphImages,
                      "folder of images: the geodesic starts from a shortest path through their "
                      "latents (at level t, the ends' noise) instead of SLERP");
  command->add_option("--graph-neighbours", options->graph.neighbours, "k of that neighbour graph")
      ->capture_default_str();
  command->add_option("--iterations", options->iterations, "solver iterations (0: its default)")
      ->check(wholeNumberIn(0, kMaxIterations))
      ->capture_default_str();
  command->add_option("--ddim-steps", options->ddimSteps, "DDIM steps from t to 0")->capture_default_str();
  command->add_option("--seed", options->seed, "seed of the shared noise")
      ->check(wholeNumberIn(0, kMaxSeed))
      ->capture_default_str();
  command->add_option("--chunk", options->chunkSize, "path points per U-Net call (score, VJP, DDIM) and images per VAE decode: bounds memory (0: 2 up to 256² images or on CUDA, else 1)")->capture_default_str();
  command->add_option("--threads", options->threads, "LibTorch threads (0: all cores)")
      ->check(wholeNumberIn(0, kMaxThreads))
      ->capture_default_str();
  command->add_option("--device", args->device, "auto|cpu|cuda")->capture_default_str();
  command->add_option("--json", args->json, "figures as JSON ('-' for stdout)");
  command->add_option("--strip", args->strip, "PNG strip, one row per method (with --pairs: per pair and method)");
  command->add_option("--gif", args->gif,
                      "animated GIF of every method's frames, stacked one above the other and "
                      "labelled (one pair only)");
  command->add_option("--video", args->video,
                      "video (.mp4/.avi/.mkv) of the stacked, labelled frames of every method (one pair only)");
  command->add_option("--frames", args->frames,
                      "new folder with one subfolder of PNG frames per method (one pair only)");
  command->add_option("--lpips", args->lpips,
                      "LPIPS TorchScript file (tools/export_sd.py --lpips): per-step LPIPS in the JSON");
  command->add_option("--inception", args->inception,
                      "Inception TorchScript file (tools/export_sd.py --inception): per method FID "
                      "and KID of all interior frames vs all input images in the JSON (use --pairs: "
                      "they need many images)");
  command->add_flag("--no-brisque", args->noBrisque, "skip the BRISQUE naturalness scores");
  command->callback([=] {
    // Check everything a user typed before the (slow) model load.
    checkOutputs({{"--json", args->json},
                  {"--strip", args->strip},
                  {"--gif", args->gif},
                  {"--video", args->video},
                  {"--frames", args->frames, true}});
    ImageInterpolationOptions opts = *options;
    opts.methods = parseMethods(args->method);
    opts.solver = parseGeodesicSolverKind(args->solver);
    opts.metric = args->metric.resolved();  // names only the metrics interpolate takes
    opts.metricsOptions.brisque = !args->noBrisque;
    const DeviceChoice device = parseDeviceChoice(args->device);
    if (opts.points < 3) throw InvalidArgumentError("--points must be at least 3, got " + std::to_string(opts.points));
    opts.validate();  // --t -2, --lambda 1e308, ... before the model is loaded
    if (!std::filesystem::exists(args->model))
      throw InvalidArgumentError("--model '" + args->model +
                                 "' does not exist (give a .safetensors checkpoint or a diffusers folder)");
    if (!args->model_.prediction.empty()) parsePredictionType(args->model_.prediction);
    const bool batch = !args->pairs.empty();
    std::vector<ImagePair> pairs;
    if (batch) {
      if (!args->a.empty() || !args->b.empty())
        throw InvalidArgumentError("--pairs replaces --a and --b: give one or the other");
      if (!args->gif.empty() || !args->video.empty() || !args->frames.empty())
        throw InvalidArgumentError("--gif, --video and --frames show one pair; with --pairs use --strip and --json");
      pairs = readImagePairList(args->pairs);
    } else {
      if (args->a.empty() || args->b.empty())
        throw InvalidArgumentError("give two photos with --a and --b, or a pair list with --pairs");
      requireFile(args->a, "--a");
      requireFile(args->b, "--b");
      pairs = {{args->a, args->b, 0}};
    }
    if (!args->graphImages.empty() && !std::filesystem::is_directory(args->graphImages))
      throw InvalidArgumentError("--graph-images '" + args->graphImages + "' is not a folder");
    if (!args->lpips.empty()) requireFile(args->lpips, "--lpips");
    if (!args->inception.empty()) {
      requireFile(args->inception, "--inception");
      checkFidKidSizes(pairs, opts.points);
    }

    StableDiffusionModelOptions modelOptions = args->model_;
    modelOptions.device = device;
    modelOptions.threads = opts.threads;
    modelOptions.chunkSize = opts.chunkSize > 0 ? opts.chunkSize : 2;
    SolverControl loading;
    loading.cancel = CommandInterrupt::flag();
    const bool quietLoad = args->json == "-";
    int loaded = 0;
    loading.progress = [&](double fraction, int, double) {
      if (quietLoad || fraction * 10 < loaded + 1) return;
      loaded = static_cast<int>(fraction * 10);
      std::cout << "loading the model " << loaded * 10 << " %\n" << std::flush;
    };
    std::shared_ptr<StableDiffusionModel> model;
    try {
      model = StableDiffusionModel::load(args->model, modelOptions, loading);
    } catch (const CancelledError&) {
      throw CancelledError("interpolation interrupted while loading the model; nothing written");
    }
    if (!quietLoad) {
      std::cout << model->info().summary(model->deviceName()) << "\n";
      if (const std::string warning = referenceBlasWarning(); !warning.empty())
        std::cout << "warning: " << warning << "\n";
    }
    if (!args->graphImages.empty())
      opts.graphImages = loadImageFolder(args->graphImages, model->imageSize(), kMaxGraphImages);
    const auto lpips = args->lpips.empty() ? nullptr : LpipsScorer::load(args->lpips, device);
    const auto inception = args->inception.empty() ? nullptr : InceptionScorer::load(args->inception, device);

    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const bool quiet = args->json == "-";
    int reported = 0;
    control.progress = [&](double fraction, int, double) {
      if (quiet || fraction * 10 < reported + 1) return;
      reported = static_cast<int>(fraction * 10);
      std::cout << reported * 10 << " %\n" << std::flush;
    };

    ImagePairEvaluationOptions evaluation;
    evaluation.interpolation = opts;
    evaluation.lpips = args->json.empty() ? nullptr : lpips.get();
    evaluation.inception = inception.get();
    evaluation.keepFrames = !batch || !args->strip.empty();
    const auto pairStarted = [&](std::size_t p) {
      reported = 0;
      if (batch && !quiet) std::cout << "pair " << p + 1 << "/" << pairs.size() << ": " << pairs[p].a << " " << pairs[p].b << "\n";
    };
    const auto pairDone = [&](const ImagePairRun& run) {
      if (quiet) return;
      for (const auto& path : run.result.paths)
        std::cout << std::setprecision(4) << toString(path.method) << ": length " << path.length
                  << " (refined " << path.refinedLength << "), pixel path length " << path.metrics.pathLength << ", " << path.seconds << " s\n";
    };
    const ImagePairEvaluationResult result =
        namingOptionsOnBreakdown("--lambda " + numberText(opts.metric.lambda), [&] {
          return evaluateImagePairs(*model, pairs, evaluation, control, pairStarted, pairDone);
        });

    // Every output as one set: the files, the video and the frame folders go to temporaries
    // first; the set's renames publish them together, or none of them.
    AtomicFileSet outputs;
    std::string jsonText;
    if (!args->json.empty()) {
      nlohmann::json out = toJson(result, batch);
      out["model"] = args->model;
      if (batch) {
        out["pairs_file"] = args->pairs;
        out["pair_count"] = pairs.size();
      } else {
        out["a"] = args->a;
        out["b"] = args->b;
      }
      const StableDiffusionModelInfo& info = model->info();
      if (info.architecture)
        out.update({{"model_family", toString(info.architecture->family)},
                    {"prediction_type", toString(info.architecture->prediction)},
                    {"prediction_source", info.architecture->predictionSource},
                    {"text", info.textSource}});
      out.update({{"model_source", toString(info.source)}, {"model_load_seconds", info.loadSeconds}});
      out.update({{"device", model->deviceName()},
                  {"image_size", model->imageSize()},
                  {"latent_shape", model->latentShape()},
                  {"points", opts.points},
                  {"ddim_steps", opts.ddimSteps},
                  {"seed", opts.seed}});
      putMetricParameters(out, opts.metric, {MetricKind::Score, MetricKind::Pullback});
      if (result.fidKid) out["fid_kid"]["inception"] = args->inception;
      if (args->json != "-") outputs.add(args->json, out.dump(2) + "\n");
      jsonText = out.dump(2) + "\n";
    }
    if (!args->strip.empty()) {
      std::vector<std::vector<RgbImage>> stripRows;
      for (const ImagePairRun& run : result.pairs)
        for (const auto& path : run.result.paths) stripRows.push_back(path.frames);
      outputs.add(args->strip, encodeRgbImageStripPng(stripRows));
    }
    if (!batch) {
      const std::vector<LabelledFrames> sequences = labelledFrames(result.pairs.front().result);
      if (!args->gif.empty() || !args->video.empty()) {
        const std::vector<RgbImage> stacked = stackLabelledFrames(sequences);
        if (!args->gif.empty()) outputs.add(args->gif, encodeAnimatedGif(stacked));
        if (!args->video.empty()) writeVideo(args->video, stacked, {}, &outputs);
      }
      if (!args->frames.empty()) writeFramePngFolders(args->frames, sequences, {}, &outputs);
    }
    outputs.commit();
    if (args->json == "-") writeStandardOutput(jsonText);
    if (!quiet) {
      if (result.fidKid)
        for (const ImageMethodSummary& s : result.methods)
          std::cout << toString(s.method) << ": FID " << s.fid << ", KID " << s.kid
                    << " (interior frames vs inputs)\n";
      std::cout << "done in " << result.seconds << " s on " << model->deviceName() << "\n";
    }
  });
}

}  // namespace geodex::cli
