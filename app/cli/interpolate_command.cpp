// geodex-cli interpolate: the paper's Stable Diffusion image interpolation (geodesic and the
// LERP / SLERP / NoiseDiffusion baselines) between two photos, on a model folder written by
// tools/export_sd.py, with JSON figures and strip / GIF / video / frame exports.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli/cli_commands.h"
#include "app/cli/scoped_interrupt.h"
#include "core/data/image_io.h"
#include "core/diffusion/image_interpolation.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/eval/lpips_scorer.h"
#include "core/io/frame_folder.h"
#include "core/io/gif_writer.h"
#include "core/io/image_strip.h"
#include "core/io/result_json.h"
#include "core/io/video_writer.h"
#include "core/util/errors.h"

namespace geodex::cli {

namespace {
struct InterpolateArguments {
  std::string model, a, b;
  std::string method = "all";
  std::string solver = "fast";
  std::string device = "auto";
  std::string json, strip, gif, video, frames, lpips;
  bool noBrisque = false;
};

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
}  // namespace

void addInterpolateCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "interpolate",
      "interpolate two photos with a Stable Diffusion model folder (tools/export_sd.py): geodesic "
      "under g = I + λ s sᵀ at level t and/or the LERP, SLERP, NoiseDiffusion baselines");
  auto args = std::make_shared<InterpolateArguments>();
  auto options = std::make_shared<ImageInterpolationOptions>();
  command->add_option("--model", args->model, "model folder written by tools/export_sd.py")->required();
  command->add_option("--a", args->a, "first photo (PNG, JPEG, ...)")->required();
  command->add_option("--b", args->b, "second photo")->required();
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
  command->add_option("--strip", args->strip, "PNG strip, one row per method");
  command->add_option("--gif", args->gif, "animated GIF of the first method's frames");
  command->add_option("--video", args->video, "video (.mp4/.avi/.mkv) of the first method's frames");
  command->add_option("--frames", args->frames, "new folder of the first method's frames as PNGs");
  command->add_option("--lpips", args->lpips,
                      "LPIPS TorchScript file (tools/export_sd.py --lpips): per-step LPIPS in the JSON");
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
    requireFile(args->a, "--a");
    requireFile(args->b, "--b");
    if (!args->lpips.empty()) requireFile(args->lpips, "--lpips");
    const RgbImage imageA = loadRgbImage(args->a);
    const RgbImage imageB = loadRgbImage(args->b);

    StableDiffusionModelOptions modelOptions;
    modelOptions.device = device;
    modelOptions.threads = opts.threads;
    modelOptions.chunkSize = std::max(1, opts.chunkSize);
    const auto model = StableDiffusionModel::load(args->model, modelOptions);
    const auto lpips = args->lpips.empty() ? nullptr : LpipsScorer::load(args->lpips, device);

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
    const ImageInterpolationResult result = interpolateImages(*model, imageA, imageB, opts, control);
    if (result.cancelled) throw GeodexError("interpolation interrupted; nothing written");

    std::vector<std::vector<RgbImage>> rows;
    for (const auto& path : result.paths) rows.push_back(path.frames);
    const std::vector<RgbImage>& first = result.paths.front().frames;
    if (!args->strip.empty()) writeRgbImageStripPng(args->strip, rows);
    if (!args->gif.empty()) writeAnimatedGif(args->gif, first);
    if (!args->video.empty()) writeVideo(args->video, first);
    if (!args->frames.empty()) writeFramePngs(args->frames, first);
    if (!args->json.empty()) {
      nlohmann::json out = {{"model", args->model},
                            {"a", args->a},
                            {"b", args->b},
                            {"device", model->deviceName()},
                            {"image_size", model->imageSize()},
                            {"latent_shape", model->latentShape()},
                            {"t", result.timestep},
                            {"alpha_bar", result.alphaBar},
                            {"lambda", opts.lambda},
                            {"points", opts.points},
                            {"ddim_steps", opts.ddimSteps},
                            {"seed", opts.seed},
                            {"unet_evaluations_ddim", result.modelEvaluations},
                            {"seconds", result.seconds},
                            {"methods", nlohmann::json::array()}};
      for (const auto& path : result.paths) {
        nlohmann::json method = pathJson(path);
        if (lpips) {
          const std::vector<double> steps = lpips->steps(path.frames);
          double sum = 0.0;
          for (const double d : steps) sum += d;
          method["lpips_steps"] = steps;
          method["lpips_path_length"] = sum;
        }
        out["methods"].push_back(method);
      }
      writeJson(args->json, out);
    }
    if (!quiet) {
      std::cout << std::setprecision(4);
      for (const auto& path : result.paths)
        std::cout << toString(path.method) << ": length " << path.length << ", pixel path length "
                  << path.metrics.pathLength << ", " << path.seconds << " s\n";
      std::cout << "done in " << result.seconds << " s on " << model->deviceName() << "\n";
    }
  });
}

}  // namespace geodex::cli
