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
#include "app/cli/solver_option.h"
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
#include "core/util/blas_library.h"
#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

namespace {
struct InterpolateArguments {
  std::string model, a, b, pairs;
  std::string method = "all";
  std::string solver = defaultSolverName();
  std::string device = "auto";
  std::string json, strip, gif, video, frames, lpips, inception, graphImages;
  MetricArguments metric;  // score or pullback, with their parameters
  bool noBrisque = false;
  StableDiffusionModelOptions model_;  // image size, prediction, prompt (checkpoints only)
  ImageInterpolationOptions interpolation;
};

// What the checked options make of a run: the pipeline's options, the pairs, the device.
struct InterpolateRun {
  ImageInterpolationOptions options;
  DeviceChoice device = DeviceChoice::Auto;
  std::vector<ImagePair> pairs;
  bool batch = false;  // --pairs
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

// The model, its text conditioning and the two photos or the pair list.
void addModelOptions(CLI::App* command, InterpolateArguments& args) {
  command->add_option("--model", args.model,
                      "Stable Diffusion 1.x/2.x: a .safetensors checkpoint, a diffusers folder, or "
                      "a folder written by tools/export_sd.py")
      ->required();
  command->add_option("--image-size", args.model_.imageSize,
                      "square image side for checkpoints (a multiple of 64; 0: 512 on the CPU, the "
                      "model's native size on CUDA)")
      ->capture_default_str();
  command->add_option("--prediction", args.model_.prediction,
                      "epsilon|v: override the prediction type the checkpoint says or implies "
                      "(SD 2.x 768-v files are v)");
  command->add_option("--prompt", args.model_.prompt,
                      "text conditioning the U-Net (default: empty, the unconditional model)");
  command->add_option("--vocabulary", args.model_.vocabulary,
                      "tokenizer folder (vocab.json, merges.txt) for --prompt when the model has none");
  command->add_option("--text-embedding", args.model_.textEmbedding,
                      "a [1, 77, C] float .npy used as the U-Net's context instead of a prompt");
  command->add_option("--a", args.a, "first photo (PNG, JPEG, ...); required unless --pairs");
  command->add_option("--b", args.b, "second photo; required unless --pairs");
  command->add_option("--pairs", args.pairs,
                      "text file with one 'imageA imageB' pair per line (paths relative to the "
                      "file's folder, '#' comments): every method runs on every pair");
}

// The methods, the metric, the geodesic's solver and start, and what the path costs.
void addPathOptions(CLI::App* command, InterpolateArguments& args) {
  ImageInterpolationOptions& o = args.interpolation;
  command->add_option("--method", args.method, "geodesic|lerp|slerp|noisediffusion|all, or a comma list")->capture_default_str();
  command->add_option("--points", o.points, "path points including both photos")->capture_default_str();
  command->add_option("--t", o.timestep, "diffusion level t (-1: 400 of 1000, scaled to the model's T)")->capture_default_str();
  addSolverOption(command, args.solver);
  addMetricOptions(command, args.metric, {MetricKind::Score, MetricKind::Pullback}, true);
  command->add_option("--refinement", o.refinement,
                      "pieces per segment of every method's refined length (1: the plain length)")
      ->capture_default_str();
  command->add_option("--graph-images", args.graphImages,
                      "folder of images: the geodesic starts from a shortest path through their "
                      "latents (at level t, the ends' noise) instead of SLERP");
  command->add_option("--graph-neighbours", o.graph.neighbours, "k of that neighbour graph")
      ->capture_default_str();
  addWholeNumberOption(command, "--iterations", o.iterations,
                       "solver iterations (0: its default)", 0, kMaxIterations);
  command->add_option("--ddim-steps", o.ddimSteps, "DDIM steps from t to 0")->capture_default_str();
  addWholeNumberOption(command, "--seed", o.seed, "seed of the shared noise", 0, kMaxSeed);
  command->add_option("--chunk", o.chunkSize, "path points per U-Net call (score, VJP, DDIM) and images per VAE decode: bounds memory (0: 2 up to 256² images or on CUDA, else 1)")->capture_default_str();
  addWholeNumberOption(command, "--threads", o.threads,
                       "LibTorch threads (0: all cores, one when other tasks fill them)", 0, kMaxThreads);
  command->add_option("--device", args.device, "auto|cpu|cuda")->capture_default_str();
}

// The files written, and the scorers behind the JSON's figures.
void addOutputOptions(CLI::App* command, InterpolateArguments& args) {
  command->add_option("--json", args.json, "figures as JSON ('-' for stdout)");
  command->add_option("--strip", args.strip, "PNG strip, one row per method (with --pairs: per pair and method)");
  command->add_option("--gif", args.gif,
                      "animated GIF of every method's frames, stacked one above the other and "
                      "labelled (one pair only)");
  command->add_option("--video", args.video,
                      "video (.mp4/.avi/.mkv) of the stacked, labelled frames of every method (one pair only)");
  command->add_option("--frames", args.frames,
                      "new folder with one subfolder of PNG frames per method (one pair only)");
  command->add_option("--lpips", args.lpips,
                      "LPIPS TorchScript file (tools/export_sd.py --lpips): per-step LPIPS in the JSON");
  command->add_option("--inception", args.inception,
                      "Inception TorchScript file (tools/export_sd.py --inception): per method FID "
                      "and KID of all interior frames vs all input images in the JSON (use --pairs: "
                      "they need many images)");
  command->add_flag("--no-brisque", args.noBrisque, "skip the BRISQUE naturalness scores");
}

void addInterpolateOptions(CLI::App* command, InterpolateArguments& args) {
  addModelOptions(command, args);
  addPathOptions(command, args);
  addOutputOptions(command, args);
}

// Everything a user typed, checked before the (slow) model load.
InterpolateRun checkedRun(const InterpolateArguments& args) {
  checkOutputs({{"--json", args.json},
                {"--strip", args.strip},
                {"--gif", args.gif},
                {"--video", args.video},
                {"--frames", args.frames, true}});
  InterpolateRun run;
  ImageInterpolationOptions& opts = run.options;
  opts = args.interpolation;
  opts.methods = parseMethods(args.method);
  opts.solver = parseGeodesicSolverKind(args.solver);
  opts.metric = args.metric.resolved();  // names only the metrics interpolate takes
  opts.metricsOptions.brisque = !args.noBrisque;
  run.device = parseDeviceChoice(args.device);
  if (opts.points < 3) throw InvalidArgumentError("--points must be at least 3, got " + std::to_string(opts.points));
  opts.validate();  // --t -2, --lambda 1e308, ... before the model is loaded
  if (!std::filesystem::exists(args.model))
    throw InvalidArgumentError("--model '" + args.model +
                               "' does not exist (give a .safetensors checkpoint or a diffusers folder)");
  if (!args.model_.prediction.empty()) parsePredictionType(args.model_.prediction);
  run.batch = !args.pairs.empty();
  if (run.batch) {
    if (!args.a.empty() || !args.b.empty())
      throw InvalidArgumentError("--pairs replaces --a and --b: give one or the other");
    if (!args.gif.empty() || !args.video.empty() || !args.frames.empty())
      throw InvalidArgumentError("--gif, --video and --frames show one pair; with --pairs use --strip and --json");
    run.pairs = readImagePairList(args.pairs);
  } else {
    if (args.a.empty() || args.b.empty())
      throw InvalidArgumentError("give two photos with --a and --b, or a pair list with --pairs");
    requireFile(args.a, "--a");
    requireFile(args.b, "--b");
    run.pairs = {{args.a, args.b, 0}};
  }
  if (!args.graphImages.empty() && !std::filesystem::is_directory(args.graphImages))
    throw InvalidArgumentError("--graph-images '" + args.graphImages + "' is not a folder");
  if (!args.lpips.empty()) requireFile(args.lpips, "--lpips");
  if (!args.inception.empty()) {
    requireFile(args.inception, "--inception");
    checkFidKidSizes(run.pairs, opts.points);
  }
  return run;
}

// The model, with its load's progress and what it is (none of it with the JSON on stdout).
std::shared_ptr<StableDiffusionModel> loadModel(const InterpolateArguments& args,
                                                const InterpolateRun& run) {
  StableDiffusionModelOptions modelOptions = args.model_;
  modelOptions.device = run.device;
  modelOptions.threads = run.options.threads;
  modelOptions.chunkSize = run.options.chunkSize > 0 ? run.options.chunkSize : 2;
  const bool quiet = args.json == "-";
  SolverControl loading = CommandInterrupt::control();
  loading.progress = progressInTenths(quiet, [](int percent, int, double) {
    std::cout << "loading the model " << percent << " %\n" << std::flush;
  });
  std::shared_ptr<StableDiffusionModel> model;
  try {
    model = StableDiffusionModel::load(args.model, modelOptions, loading);
  } catch (const CancelledError&) {
    throw CancelledError("interpolation interrupted while loading the model; nothing written");
  }
  if (!quiet) {
    std::cout << model->info().summary(model->deviceName()) << "\n";
    if (const std::string warning = referenceBlasWarning(); !warning.empty())
      std::cout << "warning: " << warning << "\n";
  }
  return model;
}

// Every method on every pair, reporting each pair as it goes.
ImagePairEvaluationResult evaluate(const InterpolateArguments& args, InterpolateRun& run,
                                   const StableDiffusionModel& model) {
  if (!args.graphImages.empty())
    run.options.graphImages = loadImageFolder(args.graphImages, model.imageSize(), kMaxGraphImages);
  const auto lpips = args.lpips.empty() ? nullptr : LpipsScorer::load(args.lpips, run.device);
  const auto inception =
      args.inception.empty() ? nullptr : InceptionScorer::load(args.inception, run.device);

  const bool quiet = args.json == "-";
  SolverControl control = CommandInterrupt::control();
  const auto tenths = std::make_shared<int>(0);
  control.progress = progressInTenths(
      quiet, [](int percent, int, double) { std::cout << percent << " %\n" << std::flush; }, tenths);

  ImagePairEvaluationOptions evaluation;
  evaluation.interpolation = run.options;
  evaluation.lpips = args.json.empty() ? nullptr : lpips.get();
  evaluation.inception = inception.get();
  evaluation.keepFrames = !run.batch || !args.strip.empty();
  const std::vector<ImagePair>& pairs = run.pairs;
  const auto pairStarted = [&](std::size_t p) {
    *tenths = 0;
    if (run.batch && !quiet) std::cout << "pair " << p + 1 << "/" << pairs.size() << ": " << pairs[p].a << " " << pairs[p].b << "\n";
  };
  const auto pairDone = [&](const ImagePairRun& done) {
    if (quiet) return;
    for (const auto& path : done.result.paths)
      std::cout << std::setprecision(4) << toString(path.method) << ": length " << path.length
                << " (refined " << path.refinedLength << "), pixel path length " << path.metrics.pathLength << ", " << path.seconds << " s\n";
  };
  const ImagePairEvaluationResult result =
      namingOptionsOnBreakdown("--lambda " + numberText(run.options.metric.lambda), [&] {
        return evaluateImagePairs(model, pairs, evaluation, control, pairStarted, pairDone);
      });
  return result;
}

// The figures, the inputs and the model they came from.
nlohmann::json resultJson(const InterpolateArguments& args, const InterpolateRun& run,
                          const StableDiffusionModel& model, const ImagePairEvaluationResult& result) {
  nlohmann::json out = toJson(result, run.batch);
  out["model"] = args.model;
  if (run.batch) {
    out["pairs_file"] = args.pairs;
    out["pair_count"] = run.pairs.size();
  } else {
    out["a"] = args.a;
    out["b"] = args.b;
  }
  const StableDiffusionModelInfo& info = model.info();
  if (info.architecture)
    out.update({{"model_family", toString(info.architecture->family)},
                {"prediction_type", toString(info.architecture->prediction)},
                {"prediction_source", info.architecture->predictionSource},
                {"text", info.loaded.textSource}});
  out.update({{"model_source", toString(info.source)}, {"model_load_seconds", info.loadSeconds}});
  const ImageInterpolationOptions& opts = run.options;
  out.update({{"device", model.deviceName()},
              {"image_size", model.imageSize()},
              {"latent_shape", model.latentShape()},
              {"points", opts.points},
              {"ddim_steps", opts.ddimSteps},
              {"seed", opts.seed}});
  putMetricParameters(out, opts.metric, {MetricKind::Score, MetricKind::Pullback});
  if (result.fidKid) out["fid_kid"]["inception"] = args.inception;
  return out;
}

// The strip, and for one pair the GIF, the video and the frame folders.
void addImageOutputs(AtomicFileSet& outputs, const InterpolateArguments& args, bool batch,
                     const ImagePairEvaluationResult& result) {
  if (!args.strip.empty()) {
    std::vector<std::vector<RgbImage>> stripRows;
    for (const ImagePairRun& run : result.pairs)
      for (const auto& path : run.result.paths) stripRows.push_back(path.frames);
    outputs.add(args.strip, encodeRgbImageStripPng(stripRows));
  }
  if (batch) return;
  const std::vector<LabelledFrames> sequences = labelledFrames(result.pairs.front().result);
  if (!args.gif.empty() || !args.video.empty()) {
    const std::vector<RgbImage> stacked = stackLabelledFrames(sequences);
    if (!args.gif.empty()) outputs.add(args.gif, encodeAnimatedGif(stacked));
    if (!args.video.empty()) writeVideo(args.video, stacked, {}, &outputs);
  }
  if (!args.frames.empty()) writeFramePngFolders(args.frames, sequences, {}, &outputs);
}

void runInterpolate(const InterpolateArguments& args) {
  InterpolateRun run = checkedRun(args);
  const std::shared_ptr<StableDiffusionModel> model = loadModel(args, run);
  const ImagePairEvaluationResult result = evaluate(args, run, *model);
  // Every output as one set: the files, the video and the frame folders go to temporaries
  // first; the set's renames publish them together, or none of them.
  AtomicFileSet outputs;
  addImageOutputs(outputs, args, run.batch, result);
  commitWithJson(outputs, args.json,
                 args.json.empty() ? nlohmann::json() : resultJson(args, run, *model, result));
  if (args.json == "-") return;
  if (result.fidKid)
    for (const ImageMethodSummary& s : result.methods)
      std::cout << toString(s.method) << ": FID " << s.fid << ", KID " << s.kid
                << " (interior frames vs inputs)\n";
  std::cout << "done in " << result.seconds << " s on " << model->deviceName() << "\n";
}

}  // namespace

void addInterpolateCommand(CLI::App& app) {
  addCommand(app, "interpolate",
             "interpolate two photos (or every pair of a --pairs list) with a Stable Diffusion 1.x/2.x "
             "model (.safetensors checkpoint, diffusers folder, or tools/export_sd.py folder): geodesic "
             "under g = I + λ s sᵀ at level t and/or the LERP, SLERP, NoiseDiffusion baselines",
             addInterpolateOptions, runInterpolate);
}

}  // namespace geodex::cli
