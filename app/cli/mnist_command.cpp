// The Rotated MNIST subcommands of geodex-cli: mnist-geodesic (one digit between two angles),
// mnist-eval (the geodesic methods vs LERP and SLERP over many digit/angle pairs, as CSV) and mnist-rotate
// (the Rotated MNIST dataset generator, as an IDX pair).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "app/cli/mnist_data_options.h"
#include "app/cli/mnist_experiment_options.h"
#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/io/image_strip.h"
#include "core/io/rotated_digit_json.h"
#include "core/pipelines/rotated_digit_evaluation.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

namespace {

// --- mnist-geodesic ---

struct MnistGeodesicArguments {
  DataArguments data;
  ExperimentArguments experiment;
  int digitIndex = 0;
  int toDigitIndex = -1;
  std::string json, strip;
  int scale = 2;
};

void addMnistGeodesicOptions(CLI::App* command, MnistGeodesicArguments& args) {
  addExperimentOptions(command, args.data, args.experiment);
  addWholeNumberOption(command, "--digit-index", args.digitIndex,
                       "index of the digit in the IDX file", 0, kMaxIndex);
  command
      ->add_option("--to-digit-index", args.toDigitIndex,
                   "end at this other digit (two-digit interpolation: no ground truth)")
      ->check(wholeNumberIn(0, kMaxIndex));
  command->add_option("--from-angle", args.experiment.options.fromAngle, "first angle, degrees")
      ->capture_default_str();
  command->add_option("--to-angle", args.experiment.options.toAngle, "second angle, degrees")
      ->capture_default_str();
  command->add_option("--json", args.json, "write the result as JSON to this file ('-' for stdout)");
  command->add_option("--strip", args.strip,
                      "write a PNG: a row per geodesic method, LERP, SLERP, true rotation");
  command->add_option("--scale", args.scale, "pixel magnification of the strip")->capture_default_str();
}

// One digit between two angles, or (twoDigits) the digit at one angle and another at the other.
RotatedDigitGeodesicResult solveDigitGeodesic(const MnistGeodesicArguments& args,
                                              const IdxImages& images,
                                              RotatedDigitGeodesicOptions& options) {
  const Eigen::VectorXd digit = idxImageVector(images, args.digitIndex);
  const bool twoDigits = args.toDigitIndex >= 0 && args.toDigitIndex != args.digitIndex;
  const Eigen::VectorXd end = twoDigits ? idxImageVector(images, args.toDigitIndex) : digit;
  if (options.model && usesGraphStart(options))
    options.graphImages = nearestPoolDigits(*loadGraphPool(args.experiment, args.data), digit, end,
                                            images.rows, images.cols, options,
                                            args.experiment.graphDigits);
  const std::string scaleOptions =
      (options.model ? "" : "--sigma " + numberText(options.sigma) + ", ") + "--lambda " +
      numberText(options.metric.lambda);
  // Ctrl-C stops the solver at its next iteration; nothing is written.
  const SolverControl control = CommandInterrupt::control();
  const RotatedDigitGeodesicResult result = namingOptionsOnBreakdown(scaleOptions, [&] {
    return twoDigits ? computeDigitPairGeodesic(digit, end, images.rows, images.cols, options, control)
                     : computeRotatedDigitGeodesic(digit, images.rows, images.cols, options,
                                                   control);
  });
  return result;
}

void printDigitGeodesic(const MnistGeodesicArguments& args, const IdxDataset& dataset,
                        const RotatedDigitGeodesicOptions& options,
                        const RotatedDigitGeodesicResult& result, bool twoDigits) {
  std::cout << std::setprecision(4) << "digit " << args.digitIndex << " (label "
            << int(dataset.labels[args.digitIndex]) << ") at " << options.fromAngle << "° → ";
  if (twoDigits)
    std::cout << "digit " << args.toDigitIndex << " (label "
              << int(dataset.labels[args.toDigitIndex]) << ") at ";
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

void runMnistGeodesic(const MnistGeodesicArguments& args) {
  checkOutputs({{"--json", args.json}, {"--strip", args.strip}});
  if (args.scale < 1 || args.scale > 16) throw InvalidArgumentError("--scale must be in 1..16");
  RotatedDigitGeodesicOptions options = experimentOptions(args.experiment);
  const IdxDataset dataset = loadDigits(args.data);
  const IdxImages& images = dataset.images;
  const bool twoDigits = args.toDigitIndex >= 0 && args.toDigitIndex != args.digitIndex;  // else: rotation
  const RotatedDigitGeodesicResult result = solveDigitGeodesic(args, images, options);
  nlohmann::json out = toJson(result, options);
  out["digit_index"] = args.digitIndex;
  out["label"] = int(dataset.labels[args.digitIndex]);
  if (twoDigits) {
    out["to_digit_index"] = args.toDigitIndex;
    out["to_label"] = int(dataset.labels[args.toDigitIndex]);
  }
  // The JSON and the strip as one set: both written or neither.
  AtomicFileSet outputs;
  if (!args.strip.empty()) {
    std::vector<Eigen::MatrixXd> rows;
    for (const auto& m : result.methods) rows.push_back(m.images);
    if (!twoDigits) rows.push_back(result.truth);
    outputs.add(args.strip, encodeImageStripPng(rows, images.rows, images.cols, args.scale));
  }
  commitWithJson(outputs, args.json, out);
  if (args.json != "-") printDigitGeodesic(args, dataset, options, result, twoDigits);
}

// --- mnist-eval ---

struct MnistEvalArguments {
  DataArguments data;
  ExperimentArguments experiment;
  int pairs = 20;
  int firstDigit = 0;
  int firstPair = 0;
  std::string csv;
};

void addMnistEvalOptions(CLI::App* command, MnistEvalArguments& args) {
  addExperimentOptions(command, args.data, args.experiment);
  addWholeNumberOption(command, "--pairs", args.pairs,
                       "digit/angle pairs (digits first-digit, first-digit+1, ...)", 1, 1000000);
  addWholeNumberOption(command, "--first-digit", args.firstDigit,
                       "index of the first digit", 0, kMaxIndex);
  addWholeNumberOption(command, "--first-pair", args.firstPair,
                       "run pairs first-pair … first-pair + pairs − 1 (digit, angles and noise "
                       "seed as in one long run)",
                       0, kMaxIndex);
  command->add_option("--csv", args.csv,
                      "write one row per pair and method to this CSV file ('-' for stdout)");
}

// One line per method: the means over the pairs and how often it beat LERP.
void printEvaluationTable(const RotatedDigitEvaluationResult& result) {
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

void runMnistEval(const MnistEvalArguments& args) {
  checkOutputs({{"--csv", args.csv}});
  RotatedDigitEvaluationOptions options;
  options.experiment = experimentOptions(args.experiment);
  options.pairs = args.pairs;
  options.firstDigit = args.firstDigit;
  options.firstPair = args.firstPair;
  options.graphDigits = args.experiment.graphDigits;
  if (args.pairs < 1) throw InvalidArgumentError("--pairs must be ≥ 1");
  const IdxDataset dataset = loadDigits(args.data);
  if (options.experiment.model && usesGraphStart(options.experiment))
    options.graphPool = loadGraphPool(args.experiment, args.data);
  SolverControl control = CommandInterrupt::control();
  if (args.csv != "-")
    control.progress = [&](double, int pair, double) {
      std::cout << "pair " << pair + 1 << " done" << std::endl;
    };
  const RotatedDigitEvaluationResult result = evaluateRotatedDigits(dataset, options, control);
  if (!args.csv.empty()) writeText(args.csv, toCsv(result));
  if (args.csv != "-") printEvaluationTable(result);
}

// --- mnist-rotate ---

struct MnistRotateArguments {
  DataArguments data;
  RotatedMnistOptions rotation;
  std::string outImages, outLabels, outAngles;
};

void addMnistRotateOptions(CLI::App* command, MnistRotateArguments& args) {
  RotatedMnistOptions& o = args.rotation;
  addDataOptions(command, args.data);
  command->add_option("--from-angle", o.fromAngle, "smallest angle, degrees")
      ->capture_default_str();
  command->add_option("--to-angle", o.toAngle, "largest angle, degrees")
      ->capture_default_str();
  addWholeNumberOption(command, "--count", o.anglesPerDigit,
                       "rotated copies per digit", 1, 1000000);
  command->add_flag("--random", o.randomAngles,
                    "uniform random angles instead of evenly spaced");
  addWholeNumberOption(command, "--seed", o.seed, "seed of the random angles", 0, kMaxSeed);
  addWholeNumberOption(command, "--digits", o.maxDigits,
                       "use the first N digits (0: all)", 0, kMaxIndex);
  command->add_option("--out-images", args.outImages, "IDX image file to write")->required();
  command->add_option("--out-labels", args.outLabels, "IDX label file to write")->required();
  command->add_option("--out-angles", args.outAngles, "CSV of source index and angle per image");
}

void runMnistRotate(const MnistRotateArguments& args) {
  args.rotation.validate();  // before the digits load
  checkOutputs({{"--out-images", args.outImages},
                {"--out-labels", args.outLabels},
                {"--out-angles", args.outAngles}});
  const IdxDataset dataset = loadDigits(args.data);
  const RotatedMnist rotated =
      generateRotatedMnist(dataset, args.rotation, CommandInterrupt::control());
  // The IDX pair and the angles as one set: all written or none.
  writeRotatedMnist(rotated, args.outImages, args.outLabels, args.outAngles);
  std::cout << "wrote " << rotated.images.count << " rotated digits to " << args.outImages << "\n";
}

}  // namespace

void addMnistGeodesicCommand(CLI::App& app) {
  addCommand(app, "mnist-geodesic",
             "geodesic between one MNIST digit at two angles (or two digits), against LERP and SLERP",
             addMnistGeodesicOptions, runMnistGeodesic);
}

void addMnistEvalCommand(CLI::App& app) {
  addCommand(app, "mnist-eval",
             "geodesic vs LERP vs SLERP over many digit/angle pairs (distance to the true rotation)",
             addMnistEvalOptions, runMnistEval);
}

void addMnistRotateCommand(CLI::App& app) {
  addCommand(app, "mnist-rotate", "generate Rotated MNIST as an IDX pair (+ angles CSV)",
             addMnistRotateOptions, runMnistRotate);
}

}  // namespace geodex::cli
