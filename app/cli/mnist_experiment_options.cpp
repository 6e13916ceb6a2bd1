#include "app/cli/mnist_experiment_options.h"

#include <filesystem>

#include "app/cli/number_options.h"
#include "app/cli/solver_option.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/util/device.h"
#include "core/util/errors.h"

namespace geodex::cli {

namespace {

// The score, its level and noise, the metric and the path's ends.
void addScoreOptions(CLI::App* command, ExperimentArguments& args) {
  auto& o = args.options;
  command
      ->add_option("--score", args.score,
                   "empirical (exact score of the digit's rotations, Tweedie denoising) | model "
                   "(the U-Net of --model at level --t, DDIM denoising)")
      ->capture_default_str();
  command->add_option("--model", args.model, "U-Net ε-model for --score model")
      ->capture_default_str();
  command->add_option("--t", o.timestep, "diffusion level of --score model (of the schedule's T)")
      ->capture_default_str();
  command->add_option("--ddim-steps", o.ddimSteps, "DDIM steps from level t to 0 (--score model)")
      ->capture_default_str();
  command->add_option("--device", args.device, "auto|cpu|cuda (--score model)")
      ->capture_default_str();
  command->add_option("--points", o.points, "path points including both ends")
      ->capture_default_str();
  command
      ->add_option("--sigma", o.sigma,
                   "noise level σ of the smoothed rotations (pixels in [0, 1]; --score empirical)")
      ->capture_default_str();
  addMetricOptions(command, args.metric, {MetricKind::Score, MetricKind::Pullback}, false);
  command->add_option("--rotations", o.rotations, "rotated copies behind the empirical score")
      ->capture_default_str();
  addWholeNumberOption(command, "--seed", o.seed, "seed of the shared endpoint noise", 0, kMaxSeed);
  command->add_flag("--no-noise", args.noNoise, "do not perturb the ends (σ-free endpoints)");
  command->add_flag("--no-denoise", args.noDenoise, "compare the raw paths, no denoising");
}

// The geodesic methods, their solver and start (the graph's references, σ annealing).
void addMethodOptions(CLI::App* command, ExperimentArguments& args) {
  auto& o = args.options;
  command
      ->add_option("--methods", args.methods,
                   "geodesic methods, a comma list or all: pullback-graph, paper-slerp (the "
                   "paper's), paper-graph, pullback-slerp (LERP and SLERP always run)")
      ->capture_default_str();
  addSolverOption(command, args.solver, " for every method (default: each method's own)");
  command
      ->add_option("--init", args.init,
                   "method (each method's start) | slerp | lerp | graph for every method, or "
                   "rotation (diagnostic: the true rotations + the same noise)")
      ->capture_default_str();
  addWholeNumberOption(command, "--adam-iterations", o.geodesic.adamIterations,
                       "Adam iterations", 1, kMaxAdamIterations);
  command->add_option("--lr", o.geodesic.adamLearningRate, "Adam learning rate")
      ->capture_default_str();
  command->add_option("--graph-neighbours", o.graph.neighbours, "k of the graph start's k-NN graph")
      ->capture_default_str();
  command
      ->add_option("--graph-pool", args.graphPool,
                   "--score model: IDX images of training digits for the graph's references "
                   "(default <mnist-dir>/train-images-idx3-ubyte)");
  command->add_option("--graph-digits", args.graphDigits.digits,
                      "--score model: training digits nearest to the ends kept for the graph")
      ->capture_default_str();
  command->add_option("--graph-angle-step", args.graphDigits.angleStep,
                      "--score model: degrees between the kept digits' rotated copies")
      ->capture_default_str();
  command
      ->add_option(
          "--anneal-from", o.annealFrom,
          "solve first at σ levels from this down to --sigma, each from the previous path (0: off)")
      ->capture_default_str();
  command->add_option("--anneal-steps", o.annealSteps, "levels of the σ annealing")
      ->capture_default_str();
  addWholeNumberOption(command, "--iterations", o.geodesic.maxIterations,
                       "Gauss–Newton solver's iteration cap", 0, kMaxIterations);
}

}  // namespace

void addExperimentOptions(CLI::App* command, DataArguments& data, ExperimentArguments& args) {
  addDataOptions(command, data);
  addScoreOptions(command, args);
  addMethodOptions(command, args);
}

RotatedDigitGeodesicOptions experimentOptions(const ExperimentArguments& args) {
  if (args.score != "empirical" && args.score != "model")
    throw InvalidArgumentError("--score must be empirical or model, got '" + args.score + "'");
  RotatedDigitGeodesicOptions o = args.options;
  o.metric = args.metric.resolved();
  if (args.score == "model") {
    if (!std::filesystem::exists(args.model))
      throw IoError("--model: no such file '" + args.model + "'");
    o.model = DigitDiffusionModel::load(args.model, parseDeviceChoice(args.device));
    checkModelLevel(o);  // before the training digits load for the graph start
  }
  o.perturb = !args.noNoise;
  o.denoise = !args.noDenoise;
  o.methods = parseRotatedDigitMethods(args.methods);
  o.startFromTrueRotations = args.init == "rotation";
  for (auto& method : o.methods) {
    if (!args.solver.empty()) method.solver = parseGeodesicSolverKind(args.solver);
    if (args.init != "method" && !o.startFromTrueRotations)
      method.initialization = parsePathInitialization(args.init);
  }
  return o;
}

std::shared_ptr<const DigitReferencePool> loadGraphPool(const ExperimentArguments& args,
                                                        const DataArguments& data) {
  const std::string path =
      args.graphPool.empty() ? data.mnistDir + "/train-images-idx3-ubyte" : args.graphPool;
  if (!std::filesystem::exists(path))
    throw IoError("the graph start with --score model needs training digits: no file '" + path +
                  "' (datasets/fetch_mnist.sh, or --graph-pool)");
  return DigitReferencePool::open(path);
}

}  // namespace geodex::cli
