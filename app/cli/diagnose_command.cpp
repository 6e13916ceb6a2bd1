// geodex-cli diagnose: how the score and its metric's geodesics change with σ.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "app/cli/metric_options.h"
#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/io/noise_level_diagnosis_json.h"
#include "core/pipelines/noise_level_diagnosis.h"
#include "core/util/errors.h"
#include "core/util/shipped_file.h"

namespace geodex::cli {

namespace {

// --score model: the U-Net against t on the first `digits` images of an IDX file.
struct DigitArguments {
  std::string model = kShippedDigitModel;
  std::string images = kShippedMnistSlice;
  std::string timesteps = "100,200,400,600,800";
  std::string device = "auto";
  int digits = 4;
  int noiseDraws = 4;
};

void runDigitDiagnosis(const DigitArguments& args, const MetricOptions& metric, std::uint64_t seed,
                       const std::string& json) {
  DigitNoiseLevelDiagnosisOptions o;
  o.metric = metric;
  o.seed = seed;
  o.noiseDraws = args.noiseDraws;
  o.timesteps.clear();
  for (const double t : parseNumberList(args.timesteps, "--ts")) {
    if (t != std::round(t) || std::abs(t) > 1e6)
      throw InvalidArgumentError("--ts: levels are whole numbers, got " + std::to_string(t));
    o.timesteps.push_back(static_cast<int>(t));
  }
  if (args.digits < 1 || args.digits > DigitNoiseLevelDiagnosisOptions::kMaxDigits)
    throw InvalidArgumentError("--digits must lie in [1, " +
                               std::to_string(DigitNoiseLevelDiagnosisOptions::kMaxDigits) +
                               "], got " + std::to_string(args.digits));
  const IdxImages images = readIdxImages(resolveShippedFile(args.images), args.digits);
  o.model =
      DigitDiffusionModel::load(resolveShippedFile(args.model), parseDeviceChoice(args.device));
  if (images.rows != o.model->rows() || images.cols != o.model->cols())
    throw InvalidArgumentError(
        "the images are " + std::to_string(images.rows) + "×" + std::to_string(images.cols) +
        ", the model's " + std::to_string(o.model->rows()) + "×" + std::to_string(o.model->cols()));
  o.digits.resize(images.rows * images.cols, images.count);
  for (int i = 0; i < images.count; ++i) o.digits.col(i) = idxImageVector(images, i);
  const DigitNoiseLevelDiagnosis result = diagnoseDigitNoiseLevels(o, CommandInterrupt::control());
  writeJson(json, toJson(result));
  if (json == "-") return;
  std::printf(
      "U-Net %s on %d digits (d = %d), %d noise draws each; a random direction's tangent "
      "fraction is %.4f; the paper's t = %d\n",
      result.model.c_str(), result.digits, result.dimension, o.noiseDraws,
      result.randomTangentFraction, DigitNoiseLevelDiagnosisOptions::kPaperTimestep);
  std::printf("%6s %10s %12s %12s %12s\n", "t", "tangent", "normal ang(°)", "cos(s,-ε)",
              "anisotropy");
  for (const DigitNoiseLevelRow& r : result.rows)
    std::printf("%6d %10.4f %12.3f %12.4f %12.4g%s\n", r.t, r.tangentFraction, r.normalAngleDegrees,
                r.denoisingCosine, r.meanAnisotropy,
                r.t == DigitNoiseLevelDiagnosisOptions::kPaperTimestep ? "  (paper)" : "");
  std::printf("%.2f s\n", result.seconds);
}

struct DiagnoseArguments {
  std::string manifold = "sphere";
  std::string sigmas = "0.02,0.05,0.1,0.2,0.5";
  std::string score, from, to, json;
  std::string init = "lerp";
  NoiseLevelDiagnosisOptions diagnosis;
  DigitArguments digit;
  MetricArguments metric;
};

void addDiagnoseOptions(CLI::App* command, DiagnoseArguments& args) {
  NoiseLevelDiagnosisOptions& o = args.diagnosis;
  DigitArguments& digit = args.digit;
  command->add_option("--manifold", args.manifold, "circle|sphere|torus")->capture_default_str();
  command->add_option("--sigmas", args.sigmas, "noise levels, comma separated")->capture_default_str();
  command->add_option("--score", args.score,
                      "analytic|quadrature|empirical (default: analytic for circle and sphere, "
                      "quadrature for the torus) | model: the Rotated MNIST U-Net against t");
  command->add_option("--model", digit.model, "--score model: the U-Net")->capture_default_str();
  command->add_option("--digit-images", digit.images, "--score model: IDX images of digits")
      ->capture_default_str();
  command->add_option("--digits", digit.digits, "--score model: the first this many digits")
      ->capture_default_str();
  command
      ->add_option("--ts", digit.timesteps, "--score model: diffusion levels t, comma separated")
      ->capture_default_str();
  command
      ->add_option("--noise-draws", digit.noiseDraws, "--score model: noise draws per digit and t")
      ->capture_default_str();
  command->add_option("--device", digit.device, "--score model: auto|cpu|cuda")
      ->capture_default_str();
  command->add_option("--samples", o.samples, "noisy points per σ")->capture_default_str();
  command
      ->add_option("--empirical-samples", o.empiricalSamples,
                   "manifold samples behind --score empirical")
      ->capture_default_str();
  addMetricOptions(command, args.metric, {MetricKind::Score}, false, {"lambda"});
  command->add_option("--points", o.pathPoints, "points of the test geodesic")
      ->capture_default_str();
  command->add_option("--init", args.init, "lerp|slerp start of the test geodesic")
      ->capture_default_str();
  command->add_option("--from", args.from, "test pair start (projected onto the manifold)");
  command->add_option("--to", args.to, "test pair end (projected onto the manifold)");
  addWholeNumberOption(command, "--seed", o.seed, "seed of the noisy points", 0, kMaxSeed);
  command->add_option("--json", args.json, "write the result as JSON to this file ('-' for stdout)");
}

void runManifoldDiagnosis(const DiagnoseArguments& args) {
  NoiseLevelDiagnosisOptions o = args.diagnosis;
  o.metric = args.metric.resolved();
  o.manifold = SyntheticManifold::kindOf(args.manifold);
  o.sigmas = parseNumberList(args.sigmas, "--sigmas");
  o.initialization = parsePathInitialization(args.init);
  if (!args.score.empty()) o.score = parseScoreSource(args.score);
  const int d = SyntheticManifold::create(o.manifold)->ambientDimension();
  if (!args.from.empty()) o.from = parsePoint(args.from, d, "--from");
  if (!args.to.empty()) o.to = parsePoint(args.to, d, "--to");
  const NoiseLevelDiagnosis result = diagnoseNoiseLevels(o, CommandInterrupt::control());
  writeJson(args.json, toJson(result));
  if (args.json == "-") return;
  std::printf("%s, %s score, λ %g; reference length %.6f (%s)\n", result.manifold.c_str(),
              result.score.c_str(), result.lambda, result.referenceLength,
              result.referenceMethod.c_str());
  std::printf("%8s %10s %10s %12s %12s %12s %12s\n", "sigma", "angle(°)", "tangential",
              "anisotropy", "max dist", "mean dist", "length err");
  for (const NoiseLevelRow& r : result.rows)
    std::printf("%8g %10.3f %10.4f %12.4g %12.4g %12.4g %+11.3f%%%s\n", r.sigma,
                r.meanNormalAngleDegrees, r.tangentialFraction, r.meanAnisotropy, r.maxDistance,
                r.meanDistance, 100.0 * r.lengthError, r.converged ? "" : " (not converged)");
  std::printf("%.2f s\n", result.seconds);
}

void runDiagnose(const DiagnoseArguments& args) {
  if (args.score == "model")
    return runDigitDiagnosis(args.digit, args.metric.resolved(), args.diagnosis.seed, args.json);
  runManifoldDiagnosis(args);
}

}  // namespace

void addDiagnoseCommand(CLI::App& app) {
  addCommand(app, "diagnose",
             "choosing σ: score–normal angle, tangential fraction, anisotropy and the "
             "geodesic's distance and length error against σ (circle, sphere, torus)",
             addDiagnoseOptions, runDiagnose);
}

}  // namespace geodex::cli
