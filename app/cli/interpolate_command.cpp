// geodex-cli interpolate: the paper's Stable Diffusion image interpolation (geodesic and the
// LERP / SLERP / NoiseDiffusion baselines) between two photos — or every pair of a list
// (--pairs) — on a model folder written by tools/export_sd.py, with JSON figures (LPIPS, and
// FID/KID with a user-supplied Inception) and strip / GIF / video / frame exports.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "app/cli/cli_commands.h"
#include "app/cli/scoped_interrupt.h"
#include "core/data/image_io.h"
#include "core/data/image_pair_list.h"
#include "core/diffusion/image_interpolation.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/eval/fid_kid.h"
#include "core/eval/inception_scorer.h"
#include "core/eval/lpips_scorer.h"
#include "core/io/frame_folder.h"
#include "core/io/frame_stack.h"
#include "core/io/gif_writer.h"
#include "core/io/image_strip.h"
#include "core/io/result_json.h"
#include "core/io/video_writer.h"
#include "core/util/errors.h"

namespace geodex::cli {

namespace {
struct InterpolateArguments {
  std::string model, a, b, pairs;
  std::string method = "all";
  std::string solver = "fast";
  std::string device = "auto";
  std::string json, strip, gif, video, frames, lpips, inception;
  bool noBrisque = false;
};

// What --inception reports, in the JSON and in docs/stable-diffusion.md.
constexpr const char* kFidKidProtocol =
    "MorphBench-style: per method, FID and KID between the set of all interior frames (ends "
    "excluded) of all pairs and the set of all distinct input images fitted to the model's "
    "square; features from the --inception module; KID = unbiased MMD² with k(x,y) = "
    "(xᵀy/F + 1)³ over the whole sets";

std::vector<InterpolationMethod> parseMethods(const std::string& text) {
  if (text == "all")
    return {InterpolationMethod::Geodesic, InterpolationMethod::Lerp, InterpolationMethod::Slerp,
            InterpolationMethod::NoiseDiffusion};
  std::vector<InterpolationMethod> methods;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    methods.push_back(parseInterpolationMethod(text.substr(begin, end - begin)));
    begin = end + 1;
  }
  return methods;
}

void requireFile(const std::string& path, const std::string& option) {
  if (!std::filesystem::is_regular_file(path))
    throw InvalidArgumentError(option + " '" + path + "' is not a file");
}

nlohmann::json pathJson(const ImageInterpolationPath& path) {
  nlohmann::json out = {{"method", toString(path.method)},
                        {"energy", path.energy},
                        {"length", path.length},
                        {"seconds", path.seconds},
                        {"metrics", toJson(path.metrics)}};
  if (path.method == InterpolationMethod::Geodesic) {
    // The latent path itself (d × points) is too large for a report; the solver's figures are not.
    out["solver"] = {{"name", path.solver.solver},
                     {"iterations", path.solver.iterations},
                     {"score_evaluations", path.solver.scoreEvaluations},
                     {"jacobian_products", path.solver.jacobianProducts},
                     {"converged", path.solver.converged},
                     {"stop_reason", path.solver.stopReason},
                     {"energy_history", path.solver.energyHistory}};
  }
  return out;
}

// pathJson plus the LPIPS steps when a scorer is given.
nlohmann::json methodJson(const ImageInterpolationPath& path, const LpipsScorer* lpips) {
  nlohmann::json method = pathJson(path);
  if (lpips) {
    const std::vector<double> steps = lpips->steps(path.frames);
    double sum = 0.0;
    for (const double d : steps) sum += d;
    method["lpips_steps"] = steps;
    method["lpips_path_length"] = sum;
  }
  return method;
}

// Rows [n × F] appended below `into`.
void appendRows(Eigen::MatrixXd& into, const Eigen::MatrixXd& rows) {
  if (into.size() == 0) {
    into = rows;
    return;
  }
  into.conservativeResize(into.rows() + rows.rows(), Eigen::NoChange);
  into.bottomRows(rows.rows()) = rows;
}

// Inception features of what FID/KID compare, gathered pair by pair so that only features, not
// frames, are kept across pairs.
struct FeatureSets {
  std::vector<Eigen::MatrixXd> interior;  // per method: [interior frames of all pairs × F]
  Eigen::MatrixXd inputs;                 // [distinct input images × F]
  std::set<std::string> inputPaths;

  void add(const InceptionScorer& scorer, const ImagePair& pair, const ImageInterpolationResult& r) {
    interior.resize(r.paths.size());
    for (std::size_t m = 0; m < r.paths.size(); ++m) {
      const std::vector<RgbImage>& frames = r.paths[m].frames;
      appendRows(interior[m], scorer.features(std::vector<RgbImage>(frames.begin() + 1, frames.end() - 1)));
    }
    for (const auto& [path, image] : {std::pair{pair.a, &r.inputA}, std::pair{pair.b, &r.inputB}})
      if (inputPaths.insert(std::filesystem::weakly_canonical(path).string()).second)
        appendRows(inputs, scorer.features({*image}));
  }
};

// The distinct input files of the pairs (as FeatureSets counts them).
std::size_t distinctInputs(const std::vector<ImagePair>& pairs) {
  std::set<std::string> paths;
  for (const ImagePair& pair : pairs)
    for (const std::string& path : {pair.a, pair.b})
      paths.insert(std::filesystem::weakly_canonical(path).string());
  return paths.size();
}
}  // namespace

void addInterpolateCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "interpolate",
      "interpolate two photos (or every pair of a --pairs list) with a Stable Diffusion model "
      "folder (tools/export_sd.py): geodesic under g = I + λ s sᵀ at level t and/or the LERP, "
      "SLERP, NoiseDiffusion baselines");
  auto args = std::make_shared<InterpolateArguments>();
  auto options = std::make_shared<ImageInterpolationOptions>();
  command->add_option("--model", args->model, "model folder written by tools/export_sd.py")->required();
  command->add_option("--a", args->a, "first photo (PNG, JPEG, ...); required unless --pairs");
  command->add_option("--b", args->b, "second photo; required unless --pairs");
  command->add_option("--pairs", args->pairs,
                      "text file with one 'imageA imageB' pair per line (paths relative to the "
                      "file's folder, '#' comments): every method runs on every pair");
  command->add_option("--method", args->method, "geodesic|lerp|slerp|noisediffusion|all, or a comma list")->capture_default_str();
  command->add_option("--points", options->points, "path points including both photos")->capture_default_str();
  command->add_option("--t", options->timestep, "diffusion level t (-1: 400 of 1000, scaled to the model's T)")->capture_default_str();
  command->add_option("--lambda", options->lambda, "λ of the metric I + λ s sᵀ")->capture_default_str();
  command->add_option("--solver", args->solver, "fast|adam")->capture_default_str();
  command->add_option("--iterations", options->iterations, "solver iterations (0: its default)")->capture_default_str();
  command->add_option("--ddim-steps", options->ddimSteps, "DDIM steps from t to 0")->capture_default_str();
  command->add_option("--seed", options->seed, "seed of the shared noise")->capture_default_str();
  command->add_option("--chunk", options->chunkSize, "path points per U-Net call (score, VJP, DDIM) and images per VAE decode: bounds memory")->capture_default_str();
  command->add_option("--threads", options->threads, "LibTorch threads (0: all cores)")->capture_default_str();
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
    ImageInterpolationOptions opts = *options;
    opts.methods = parseMethods(args->method);
    opts.solver = parseGeodesicSolverKind(args->solver);
    opts.metricsOptions.brisque = !args->noBrisque;
    const DeviceChoice device = parseDeviceChoice(args->device);
    if (opts.points < 3) throw InvalidArgumentError("--points must be at least 3, got " + std::to_string(opts.points));
    if (!std::filesystem::is_directory(args->model))
      throw InvalidArgumentError("--model '" + args->model + "' is not a folder (export one with tools/export_sd.py)");
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
    if (!args->lpips.empty()) requireFile(args->lpips, "--lpips");
    if (!args->inception.empty()) {
      requireFile(args->inception, "--inception");
      const std::size_t interior = pairs.size() * std::size_t(opts.points - 2);
      if (interior < 2 || distinctInputs(pairs) < 2)
        throw InvalidArgumentError("--inception: FID/KID need at least 2 interior frames and 2 distinct "
                                   "input images, got " + std::to_string(interior) + " and " +
                                   std::to_string(distinctInputs(pairs)) + " (use --pairs, more --points)");
    }

    StableDiffusionModelOptions modelOptions;
    modelOptions.device = device;
    modelOptions.threads = opts.threads;
    modelOptions.chunkSize = std::max(1, opts.chunkSize);
    const auto model = StableDiffusionModel::load(args->model, modelOptions);
    const auto lpips = args->lpips.empty() ? nullptr : LpipsScorer::load(args->lpips, device);
    const auto inception = args->inception.empty() ? nullptr : InceptionScorer::load(args->inception, device);

    SolverControl control;
    const ScopedInterrupt interrupt;
    control.cancel = interrupt.flag();
    const bool quiet = args->json == "-";
    int reported = 0;
    control.progress = [&](double fraction, int, double) {
      if (quiet || fraction * 10 < reported + 1) return;
      reported = static_cast<int>(fraction * 10);
      std::cout << reported * 10 << " %\n" << std::flush;
    };

    // Pair by pair; across pairs only the JSON, the features and (for --strip) the frames stay.
    FeatureSets features;
    std::vector<std::vector<RgbImage>> stripRows;
    nlohmann::json pairJson = nlohmann::json::array();
    ImageInterpolationResult result;  // the last pair's: the single-pair outputs use it
    double seconds = 0.0;
    long long evaluations = 0;
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      if (batch && !quiet) std::cout << "pair " << p + 1 << "/" << pairs.size() << ": " << pairs[p].a << " " << pairs[p].b << "\n";
      reported = 0;
      result = interpolateImages(*model, loadRgbImage(pairs[p].a), loadRgbImage(pairs[p].b), opts, control);
      if (result.cancelled) throw GeodexError("interpolation interrupted; nothing written");
      seconds += result.seconds;
      evaluations += result.modelEvaluations;
      if (inception) features.add(*inception, pairs[p], result);
      if (!args->strip.empty())
        for (const auto& path : result.paths) stripRows.push_back(path.frames);
      if (!args->json.empty()) {
        nlohmann::json methods = nlohmann::json::array();
        for (const auto& path : result.paths) methods.push_back(methodJson(path, lpips.get()));
        pairJson.push_back({{"a", pairs[p].a}, {"b", pairs[p].b}, {"line", pairs[p].line},
                            {"seconds", result.seconds}, {"methods", methods}});
      }
      if (!quiet)
        for (const auto& path : result.paths)
          std::cout << std::setprecision(4) << toString(path.method) << ": length " << path.length
                    << ", pixel path length " << path.metrics.pathLength << ", " << path.seconds << " s\n";
    }

    // FID/KID per method, the MorphBench-style protocol (kFidKidProtocol).
    std::vector<std::pair<double, double>> fidKid;
    if (inception)
      for (const Eigen::MatrixXd& generated : features.interior)
        fidKid.emplace_back(frechetInceptionDistance(generated, features.inputs),
                            kernelInceptionDistance(generated, features.inputs));

    if (!args->strip.empty()) writeRgbImageStripPng(args->strip, stripRows);
    if (!batch) {
      const std::vector<LabelledFrames> sequences = labelledFrames(result);
      if (!args->gif.empty() || !args->video.empty()) {
        const std::vector<RgbImage> stacked = stackLabelledFrames(sequences);
        if (!args->gif.empty()) writeAnimatedGif(args->gif, stacked);
        if (!args->video.empty()) writeVideo(args->video, stacked);
      }
      if (!args->frames.empty()) writeFramePngFolders(args->frames, sequences);
    }
    if (!args->json.empty()) {
      nlohmann::json out = {{"model", args->model}};
      if (batch) {
        out["pairs_file"] = args->pairs;
        out["pair_count"] = pairs.size();
      } else {
        out["a"] = args->a;
        out["b"] = args->b;
      }
      out.update({{"device", model->deviceName()},
                  {"image_size", model->imageSize()},
                  {"latent_shape", model->latentShape()},
                  {"t", result.timestep},
                  {"alpha_bar", result.alphaBar},
                  {"lambda", opts.lambda},
                  {"points", opts.points},
                  {"ddim_steps", opts.ddimSteps},
                  {"seed", opts.seed},
                  {"unet_evaluations_ddim", evaluations},
                  {"seconds", seconds}});
      // Single pair: the methods as before. Pairs: each pair's methods under "pairs", and per
      // method a summary (means over pairs) under "methods".
      nlohmann::json methods = batch ? nlohmann::json::array() : pairJson[0]["methods"];
      if (batch) {
        out["pairs"] = pairJson;
        for (std::size_t m = 0; m < result.paths.size(); ++m) {
          double length = 0, energy = 0, pixelLength = 0;
          for (const auto& pair : pairJson) {
            length += pair["methods"][m]["length"].get<double>();
            energy += pair["methods"][m]["energy"].get<double>();
            pixelLength += pair["methods"][m]["metrics"]["path_length"].get<double>();
          }
          const double n = double(pairJson.size());
          methods.push_back({{"method", toString(result.paths[m].method)},
                             {"mean_length", length / n},
                             {"mean_energy", energy / n},
                             {"mean_pixel_path_length", pixelLength / n}});
        }
      }
      if (inception) {
        out["fid_kid"] = {{"protocol", kFidKidProtocol},
                          {"inception", args->inception},
                          {"feature_size", inception->featureSize()},
                          {"interior_frames_per_method", features.interior.front().rows()},
                          {"input_images", features.inputs.rows()}};
        for (std::size_t m = 0; m < fidKid.size(); ++m) {
          methods[m]["fid_interior_vs_inputs"] = fidKid[m].first;
          methods[m]["kid_interior_vs_inputs"] = fidKid[m].second;
        }
      }
      out["methods"] = methods;
      writeJson(args->json, out);
    }
    if (!quiet) {
      for (std::size_t m = 0; m < fidKid.size(); ++m)
        std::cout << toString(result.paths[m].method) << ": FID " << fidKid[m].first << ", KID "
                  << fidKid[m].second << " (interior frames vs inputs)\n";
      std::cout << "done in " << seconds << " s on " << model->deviceName() << "\n";
    }
  });
}

}  // namespace geodex::cli
