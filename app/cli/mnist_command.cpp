// The Rotated MNIST subcommands of geodex-cli: mnist-geodesic (one digit between two angles),
// mnist-eval (the geodesic methods vs LERP and SLERP over many digit/angle pairs, as CSV) and mnist-rotate
// (the Rotated MNIST dataset generator, as an IDX pair).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "app/cli/metric_options.h"
#include "app/cli/mnist_data_options.h"
#include "core/data/idx_file.h"
#include "core/data/digit_reference_pool.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/io/image_strip.h"
#include "core/io/rotated_digit_json.h"
#include "core/pipelines/rotated_digit_evaluation.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/atomic_file.h"
#include "core/util/atomic_file_set.h"
#include "core/util/device.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/shipped_file.h"

namespace geodex::cli {

namespace {

// Options of the experiment shared by mnist-geodesic and mnist-eval.
struct ExperimentArguments {
  RotatedDigitGeodesicOptions options;
  std::string score = "empirical";
  std::string model = resolveShippedFile(kShippedDigitModel);  // resources/models/README.md
  std::string device = "auto";
  std::string methods = "pullback-graph,paper-slerp";
  std::string solver;         // empty: each method's own
  std::string init = "method";
  std::string graphPool;      // training digits for the graph start with --score model
  bool noNoise = false;
  bool noDenoise = false;
  NearestRotatedDigitsOptions graphDigits;
  MetricArguments metric;  // λ, quadrature, the pullback's ε and pieces (methods pick the kind)
};

void addExperimentOptions(CLI::App* command, ExperimentArguments& args) {
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
  command->add_option("--seed", o.seed, "seed of the shared endpoint noise")
      ->check(wholeNumberIn(0, kMaxSeed))
      ->capture_default_str();
  command->add_flag("--no-noise", args.noNoise, "do not perturb the ends (σ-free endpoints)");
  command->add_flag("--no-denoise", args.noDenoise, "compare the raw paths, no denoising");
  command
      ->add_option("--methods", args.methods,
                   "geodesic methods, a comma list or all: pullback-graph, paper-slerp (the "
                   "paper's), paper-graph, pullback-slerp (LERP and SLERP always run)")
      ->capture_default_str();
  command->add_option("--solver", args.solver,
                      "fast (Gauss–Newton) | adam for every method (default: each method's own)");
  command
      ->add_option("--init", args.init,
                   "method (each method's start) | slerp | lerp | graph for every method, or "
                   "rotation (diagnostic: the true rotations + the same noise)")
      ->capture_default_str();
  command->add_option("--adam-iterations", o.geodesic.adamIterations, "Adam iterations")
      ->check(wholeNumberIn(0, kMaxAdamIterations))
      ->capture_default_str();
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
  command->add_option("--iterations", o.geodesic.maxIterations, "fast solver's iteration cap")
      ->check(wholeNumberIn(0, kMaxIterations))
      ->capture_default_str();
}

// Loads the model for --score model (IoError / ModelError name the file).
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

// The training digits behind the U-Net's graph start, read once per process (IoError names the
// file).
std::shared_ptr<const DigitReferencePool> loadGraphPool(const ExperimentArguments& args,
                                                        const DataArguments& data) {
  const std::string path =
      args.graphPool.empty() ? data.mnistDir + "/train-images-idx3-ubyte" : args.graphPool;
  if (!std::filesystem::exists(path))
    throw IoError("the graph start with --score model needs training digits: no file '" + path +
                  "' (datasets/fetch_mnist.sh, or --graph-pool)");
  return DigitReferencePool::open(path);
}

void writeText(const std::string& path, const std::string& text) {
  if (path == "-")
    writeStandardOutput(text);
  else
    writeFileAtomically(path, text);
}

}  // namespace

void addMnistGeodesicCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "mnist-geodesic",
      "geodesic between one MNIST digit at two angles (or two digits), against LERP and SLERP");
  auto data = std::make_shared<DataArguments>();
  auto args = std::make_shared<ExperimentArguments>();
  auto digitIndex = std::make_shared<int>(0);
  auto toDigitIndex = std::make_shared<int>(-1);
  auto json = std::make_shared<std::string>();
  auto strip = std::make_shared<std::string>();
  auto scale = std::make_shared<int>(2);
  addDataOptions(command, *data);
  addExperimentOptions(command, *args);
  command->add_option("--digit-index", *digitIndex, "index of the digit in the IDX file")
      ->check(wholeNumberIn(0, 2147483647))
      ->capture_default_str();
  command
      ->add_option("--to-digit-index", *toDigitIndex,
                   "end at this other digit (two-digit interpolation: no ground truth)")
      ->check(wholeNumberIn(0, 2147483647));
  command->add_option("--from-angle", args->options.fromAngle, "first angle, degrees")
      ->capture_default_str();
  command->add_option("--to-angle", args->options.toAngle, "second angle, degrees")
      ->capture_default_str();
  command->add_option("--json", *json, "write the result as JSON to this file ('-' for stdout)");
  command->add_option("--strip", *strip,
                      "write a PNG: a row per geodesic method, LERP, SLERP, true rotation");
  command->add_option("--scale", *scale, "pixel magnification of the strip")->capture_default_str();
  command->callback([=] {
    checkOutputs({{"--json", *json}, {"--strip", *strip}});
    if (*scale < 1 || *scale > 16) throw InvalidArgumentError("--scale must be in 1..16");
    RotatedDigitGeodesicOptions options = experimentOptions(*args);
    const IdxDataset dataset = loadDigits(*data);
    const IdxImages& images = dataset.images;
    const Eigen::VectorXd digit = idxImageVector(images, *digitIndex);
    const bool twoDigits = *toDigitIndex >= 0 && *toDigitIndex != *digitIndex;  // else: rotation
    if (options.model && usesGraphStart(options))
      options.graphImages = nearestPoolDigits(
          *loadGraphPool(*args, *data), digit,
          twoDigits ? Eigen::VectorXd(idxImageVector(images, *toDigitIndex)) : digit, images.rows,
          images.cols, options, args->graphDigits);
    // Ctrl-C stops the solver at its next iteration; nothing is written.
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const std::string scaleOptions =
        (options.model ? "" : "--sigma " + numberText(options.sigma) + ", ") + "--lambda " +
        numberText(options.metric.lambda);
    const RotatedDigitGeodesicResult result = namingOptionsOnBreakdown(scaleOptions, [&] {
      return twoDigits ? computeDigitPairGeodesic(digit, idxImageVector(images, *toDigitIndex),
                                                  images.rows, images.cols, options, control)
                       : computeRotatedDigitGeodesic(digit, images.rows, images.cols, options,
                                                     control);
    });
    nlohmann::json out = toJson(result, options);
    out["digit_index"] = *digitIndex;
    out["label"] = int(dataset.labels[*digitIndex]);
    if (twoDigits) {
      out["to_digit_index"] = *toDigitIndex;
      out["to_label"] = int(dataset.labels[*toDigitIndex]);
    }
    // The JSON and the strip as one set: both written or neither.
    AtomicFileSet outputs;
    if (!json->empty() && *json != "-") outputs.add(*json, out.dump(2) + "\n");
    if (!strip->empty()) {
      std::vector<Eigen::MatrixXd> rows;
      for (const auto& m : result.methods) rows.push_back(m.images);
      if (!twoDigits) rows.push_back(result.truth);
      outputs.add(*strip, encodeImageStripPng(rows, images.rows, images.cols, *scale));
    }
    outputs.commit();
    if (*json == "-") writeStandardOutput(out.dump(2) + "\n");
    if (*json != "-") {
      std::cout << std::setprecision(4) << "digit " << *digitIndex << " (label "
                << int(dataset.labels[*digitIndex]) << ") at " << options.fromAngle << "° → ";
      if (twoDigits)
        std::cout << "digit " << *toDigitIndex << " (label " << int(dataset.labels[*toDigitIndex])
                  << ") at ";
      std::cout << options.toAngle << "°, score " << result.score;
      if (!options.model) std::cout << " σ " << options.sigma;
      std::cout << ", λ " << options.metric.lambda << ", " << result.seconds << " s\n";
      for (const RotatedDigitMethodResult* path : result.measuredPaths()) {
        const RotatedDigitMethodResult& m = *path;
        std::cout << "  " << std::left << std::setw(15) << m.method;
        if (!twoDigits)
          std::cout << " mean MSE " << m.meanMse << "  mean SSIM " << m.meanSsim << "  monotonic "
                    << (m.monotonic ? "yes" : "no") << "  largest step " << m.largestAngleStep
                    << "°  angle error " << m.meanAngleError << "°";
        std::cout << "  image steps max/mean " << m.imageStepUniformity.maxOverMean << "  length "
                  << m.length << " (refined " << m.refinedLength << ", pullback "
                  << m.pullbackLength << ")";
        if (m.iterations > 0)
          std::cout << "  " << m.iterations << " its, " << m.scoreEvaluations << " evals, "
                    << m.seconds << " s" << (m.graphSeconds > 0 ? " (graph " : "")
                    << (m.graphSeconds > 0 ? std::to_string(m.graphSeconds) + " s)" : "");
        std::cout << "\n";
      }
    }
  });
}

void addMnistEvalCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "mnist-eval",
      "geodesic vs LERP vs SLERP over many digit/angle pairs (distance to the true rotation)");
  auto data = std::make_shared<DataArguments>();
  auto args = std::make_shared<ExperimentArguments>();
  auto pairs = std::make_shared<int>(20);
  auto firstDigit = std::make_shared<int>(0);
  auto firstPair = std::make_shared<int>(0);
  auto csv = std::make_shared<std::string>();
  addDataOptions(command, *data);
  addExperimentOptions(command, *args);
  command
      ->add_option("--pairs", *pairs, "digit/angle pairs (digits first-digit, first-digit+1, ...)")
      ->check(wholeNumberIn(1, 1000000))
      ->capture_default_str();
  command->add_option("--first-digit", *firstDigit, "index of the first digit")
      ->check(wholeNumberIn(0, 2147483647))
      ->capture_default_str();
  command
      ->add_option("--first-pair", *firstPair,
                   "run pairs first-pair … first-pair + pairs − 1 (digit, angles and noise seed "
                   "as in one long run)")
      ->check(wholeNumberIn(0, 2147483647))
      ->capture_default_str();
  command->add_option("--csv", *csv,
                      "write one row per pair and method to this CSV file ('-' for stdout)");
  command->callback([=] {
    checkOutputs({{"--csv", *csv}});
    RotatedDigitEvaluationOptions options;
    options.experiment = experimentOptions(*args);
    options.pairs = *pairs;
    options.firstDigit = *firstDigit;
    options.firstPair = *firstPair;
    options.graphDigits = args->graphDigits;
    if (*pairs < 1) throw InvalidArgumentError("--pairs must be ≥ 1");
    const IdxDataset dataset = loadDigits(*data);
    if (options.experiment.model && usesGraphStart(options.experiment))
      options.graphPool = loadGraphPool(*args, *data);
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    if (*csv != "-")
      control.progress = [&](double, int pair, double) {
        std::cout << "pair " << pair + 1 << " done" << std::endl;
      };
    const RotatedDigitEvaluationResult result = evaluateRotatedDigits(dataset, options, control);
    if (!csv->empty()) writeText(*csv, toCsv(result));
    if (*csv != "-") {
      const std::string n = "/" + std::to_string(result.rows.size());
      std::cout << std::setprecision(4)
                << "method          MSE        beats LERP MSE(even)  SSIM       angle err  "
                   "beats LERP step/even  step<=2x  refined    pullback   E<LERP  Epb<LERP "
                   "s/pair\n";
      for (const auto& s : result.summaries)
        std::cout << std::left << std::setw(15) << s.method << " " << std::setw(10) << s.meanMse
                  << " " << std::setw(10) << (std::to_string(s.beatsLerpMse) + n) << " "
                  << std::setw(10) << s.meanMseToEvenTruth << " " << std::setw(10) << s.meanSsim
                  << " " << std::setw(10) << s.meanAngleError << " " << std::setw(10)
                  << (std::to_string(s.beatsLerpAngle) + n) << " " << std::setw(9)
                  << s.meanLargestStepOverEven << " " << std::setw(9)
                  << (std::to_string(s.stepWithinTwiceEven) + n) << " " << std::setw(10)
                  << s.meanRefinedLength << " " << std::setw(10) << s.meanPullbackLength << " "
                  << std::setw(7) << (std::to_string(s.energyBelowLerp) + n) << " " << std::setw(8)
                  << (std::to_string(s.pullbackEnergyBelowLerp) + n) << " " << s.meanSeconds
                  << "\n";
      std::cout << result.rows.size() << " pairs, " << result.seconds
                << " s (true-rotations: the true rotations with the ends' noise, not a method; "
                   "E<LERP / Epb<LERP: energy below LERP's under the paper's / the pullback "
                   "metric)\n";
    }
  });
}

void addMnistRotateCommand(CLI::App& app) {
  auto* command =
      app.add_subcommand("mnist-rotate", "generate Rotated MNIST as an IDX pair (+ angles CSV)");
  auto data = std::make_shared<DataArguments>();
  auto options = std::make_shared<RotatedMnistOptions>();
  auto outImages = std::make_shared<std::string>();
  auto outLabels = std::make_shared<std::string>();
  auto outAngles = std::make_shared<std::string>();
  addDataOptions(command, *data);
  command->add_option("--from-angle", options->fromAngle, "smallest angle, degrees")
      ->capture_default_str();
  command->add_option("--to-angle", options->toAngle, "largest angle, degrees")
      ->capture_default_str();
  command->add_option("--count", options->anglesPerDigit, "rotated copies per digit")
      ->check(wholeNumberIn(1, 1000000))
      ->capture_default_str();
  command->add_flag("--random", options->randomAngles,
                    "uniform random angles instead of evenly spaced");
  command->add_option("--seed", options->seed, "seed of the random angles")
      ->check(wholeNumberIn(0, kMaxSeed))
      ->capture_default_str();
  command->add_option("--digits", options->maxDigits, "use the first N digits (0: all)")
      ->check(wholeNumberIn(0, 2147483647))
      ->capture_default_str();
  command->add_option("--out-images", *outImages, "IDX image file to write")->required();
  command->add_option("--out-labels", *outLabels, "IDX label file to write")->required();
  command->add_option("--out-angles", *outAngles, "CSV of source index and angle per image");
  command->callback([=] {
    options->validate();  // before the digits load
    checkOutputs(
        {{"--out-images", *outImages}, {"--out-labels", *outLabels}, {"--out-angles", *outAngles}});
    const IdxDataset dataset = loadDigits(*data);
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const RotatedMnist rotated = generateRotatedMnist(dataset, *options, control);
    // The IDX pair and the angles as one set: all written or none.
    writeRotatedMnist(rotated, *outImages, *outLabels, *outAngles);
    std::cout << "wrote " << rotated.images.count << " rotated digits to " << *outImages << "\n";
  });
}

}  // namespace geodex::cli
