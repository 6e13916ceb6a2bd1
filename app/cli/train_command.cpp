// geodex-cli train: denoising score matching of an MLP score model on a synthetic manifold,
// saved as a LibTorch checkpoint that `geodesic --score trained --model FILE` loads; or, with
// --data rotated-mnist, DDPM training of geodex's U-Net ε-model on Rotated MNIST.
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <functional>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "app/cli/mnist_data_options.h"
#include "core/data/rotated_mnist.h"
#include "core/data/synthetic_manifold.h"
#include "core/diffusion/image_ddpm_training.h"
#include "core/diffusion/score_matching_trainer.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/errors.h"
#include "core/util/training_limits.h"

namespace geodex::cli {

namespace {
struct TrainArguments {
  std::string data;
  std::string out;
  std::string json;
  std::string device = "auto";
  int samples = 20000;
  // --data rotated-mnist
  DataArguments digits{mnistDirectory(), "train", {}, {}};
  RotatedMnistOptions rotation;
  int channels = 32;
  ScoreMatchingOptions training;  // --data rotated-mnist takes its steps, batch, rate, seed, threads
  const CLI::Option* threads = nullptr;  // --threads, to know whether it was given
};

// Mean cosine between the model's score and the exact one at points y + σz, where an exact
// score exists (sphere, circle); NaN otherwise.
double cosineToExact(const SyntheticManifold& manifold, const ScoreModel& model, double sigma,
                     std::uint64_t seed) {
  if (defaultScoreSource(manifold) != ScoreSource::Analytic) return std::nan("");
  SyntheticScoreOptions options;
  options.sigma = sigma;
  const auto exact = makeSyntheticScore(manifold, options);
  Eigen::MatrixXd x = manifold.sample(2000, seed + 1000);
  std::mt19937_64 rng(seed + 2000);
  std::normal_distribution<double> normal;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) += sigma * normal(rng);
  const Eigen::MatrixXd a = model.score(x), b = exact->score(x);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    sum += a.col(j).dot(b.col(j)) / (a.col(j).norm() * b.col(j).norm());
  return sum / static_cast<double>(x.cols());
}

// The figures both trainings report: the run's steps, time and loss, and the network's size and
// device.
nlohmann::json trainingRunJson(const TrainingRun& run, long long parameters,
                               const std::string& device) {
  return {{"steps", run.steps},
          {"seconds", run.seconds},
          {"steps_per_second", run.stepsPerSecond},
          {"final_loss", run.finalLoss},
          {"parameters", parameters},
          {"device", device},
          {"loss", run.lossCurve}};
}

// Prints progress ten times over the run (nothing when the JSON goes to stdout).
std::function<void(double, int, double)> progressPrinter(bool quiet, int steps) {
  return progressInTenths(quiet, [steps](int, int step, double loss) {
    std::cout << "step " << step << "/" << steps << "  loss " << std::setprecision(4) << loss
              << "\n" << std::flush;
  });
}

// --data rotated-mnist: the digits at anglesPerDigit angles each, DDPM-trained U-Net.
void trainRotatedMnist(const TrainArguments& args, const ScoreMatchingOptions& shared) {
  if (args.rotation.maxDigits < 0)
    throw InvalidArgumentError("--max-digits must be 0 (all) or more");
  args.rotation.validate();
  const IdxDataset source = loadDigits(args.digits);
  SolverControl control = CommandInterrupt::control();
  const RotatedMnist rotated = generateRotatedMnist(source, args.rotation, control);
  DdpmTrainingOptions options;
  options.steps = shared.steps;
  options.batchSize = shared.batchSize;
  options.learningRate = shared.learningRate;
  options.seed = shared.seed;
  options.threads = shared.threads;
  options.device = parseDeviceChoice(args.device);
  options.network.baseChannels = args.channels;

  control.progress = progressPrinter(args.json == "-", options.steps);
  const ImageDdpmTrainingResult result =
      trainImageDdpm(rotated.images, args.out, options, control);
  // The model and its JSON as one set: both written or neither.
  AtomicFileSet outputs;
  outputs.add(args.out, result.checkpoint);
  nlohmann::json out;
  if (!args.json.empty()) {
    out = {{"data", "rotated-mnist"},
           {"model", args.out},
           {"images", rotated.images.count},
           {"angles_per_digit", args.rotation.anglesPerDigit}};
    out.update(trainingRunJson(result, result.parameters, result.deviceName));
  }
  commitWithJson(outputs, args.json, out);
  if (args.json != "-")
    std::cout << std::setprecision(4) << "trained the U-Net (" << result.parameters
              << " parameters, " << result.deviceName << ") on " << rotated.images.count
              << " rotated digits: " << result.steps << " steps in " << result.seconds
              << " s, final loss " << result.finalLoss << "\nwrote " << args.out << "\n";
}

// --data, --out, the optimisation and the MLP (--steps, --batch, --lr, --seed, --threads,
// --device apply to the U-Net too).
void addTrainingOptions(CLI::App* command, TrainArguments& args) {
  ScoreMatchingOptions& o = args.training;
  command->add_option("--data", args.data,
                      "circle|moons|spiral|sphere|torus|swissroll|helix|rotated-mnist")
      ->required();
  command->add_option("--out", args.out, "checkpoint to write (LibTorch archive, e.g. model.pt)")->required();
  addWholeNumberOption(command, "--steps", o.steps, "training steps", 1, kMaxTrainingSteps);
  command->add_option("--sigma", o.sigma, "noise level σ the score is learned at")->capture_default_str();
  command->add_option("--sigma-max", o.sigmaMax, "train on σ ∈ [sigma, sigma-max] (0: fixed σ)")->capture_default_str();
  command->add_option("--batch", o.batchSize, "batch size")->capture_default_str();
  command->add_option("--lr", o.learningRate, "Adam learning rate (cosine decay)")->capture_default_str();
  command->add_option("--width", o.hiddenWidth, "hidden layer width")->capture_default_str();
  command->add_option("--layers", o.hiddenLayers, "hidden layers")->capture_default_str();
  addWholeNumberOption(command, "--samples", args.samples,
                       "training samples drawn from the manifold", 1, kMaxScoreSamples);
  addWholeNumberOption(command, "--seed", o.seed,
                       "seed of samples, initialisation and noise", 0, kMaxSeed);
  args.threads = addWholeNumberOption(
      command, "--threads", o.threads,
      "LibTorch threads (0: all cores, one when other tasks fill them; default: 1 for the MLP, 0 for rotated-mnist)", 0, kMaxThreads);
  command->add_option("--device", args.device, "auto|cpu|cuda")->capture_default_str();
  command->add_option("--json", args.json, "write the loss curve and figures as JSON ('-' for stdout)");
}

// Rotated MNIST (U-Net): the digits, their rotations and the network's width.
void addRotatedMnistOptions(CLI::App* command, TrainArguments& args) {
  args.rotation.maxDigits = 10000;  // 80 000 rotated images: enough, and 250 MB as floats
  addDataOptions(command, args.digits);
  addWholeNumberOption(command, "--angles-per-digit", args.rotation.anglesPerDigit,
                       "rotated-mnist: rotated copies of every digit", 1, 1000000);
  command->add_option("--from-angle", args.rotation.fromAngle, "rotated-mnist: smallest angle")
      ->capture_default_str();
  command->add_option("--to-angle", args.rotation.toAngle, "rotated-mnist: largest angle")
      ->capture_default_str();
  command->add_flag("--random-angles", args.rotation.randomAngles,
                    "rotated-mnist: uniform random angles instead of evenly spaced");
  addWholeNumberOption(command, "--max-digits", args.rotation.maxDigits,
                       "rotated-mnist: use the first N digits (0: all)", 0, kMaxIndex);
  command->add_option("--channels", args.channels, "rotated-mnist: U-Net channels at full size")
      ->capture_default_str();
}

void addTrainOptions(CLI::App* command, TrainArguments& args) {
  addTrainingOptions(command, args);
  addRotatedMnistOptions(command, args);
}

// An MLP score model on a synthetic manifold, with its cosine to the exact score where one exists.
void trainManifoldScore(const TrainArguments& args) {
  const auto manifold = SyntheticManifold::create(args.data);
  if (args.samples < 1)
    throw InvalidArgumentError("--samples must be at least 1, got " + std::to_string(args.samples));
  ScoreMatchingOptions opts = args.training;
  opts.device = parseDeviceChoice(args.device);
  opts.data = manifold->name();
  const ScoreMatchingTrainer trainer(opts);  // checks the options before sampling
  const Eigen::MatrixXd samples = manifold->sample(args.samples, opts.seed);

  SolverControl control = CommandInterrupt::control();
  const bool quiet = args.json == "-";
  control.progress = progressPrinter(quiet, opts.steps);
  const ScoreMatchingResult result = trainer.train(samples, control);

  const double cosine = cosineToExact(*manifold, *result.model, opts.sigma, opts.seed);
  // The model and its JSON as one set: both written or neither.
  AtomicFileSet outputs;
  outputs.add(args.out, result.model->encode(args.out));
  nlohmann::json out;
  if (!args.json.empty()) {
    out = {{"data", manifold->name()}, {"model", args.out}, {"sigma", opts.sigma}};
    out.update(trainingRunJson(result, result.model->parameterCount(), result.model->deviceName()));
    if (std::isfinite(cosine)) out["mean_cosine_to_exact_score"] = cosine;
  }
  commitWithJson(outputs, args.json, out);
  if (quiet) return;
  std::cout << std::setprecision(4) << "trained " << result.model->name() << " ("
            << result.model->parameterCount() << " parameters, " << result.model->deviceName()
            << "): " << result.steps << " steps in " << result.seconds << " s, final loss "
            << result.finalLoss;
  if (std::isfinite(cosine)) std::cout << ", mean cosine to the exact score " << cosine;
  std::cout << "\nwrote " << args.out << "\n";
}

void runTrain(const TrainArguments& args) {
  checkOutputs({{"--out", args.out}, {"--json", args.json}});
  if (args.data != "rotated-mnist") return trainManifoldScore(args);
  ScoreMatchingOptions shared = args.training;
  // The U-Net splits well (docs/benchmarks.md): all cores unless --threads says otherwise.
  if (args.threads->count() == 0) shared.threads = 0;
  trainRotatedMnist(args, shared);
}

}  // namespace

void addTrainCommand(CLI::App& app) {
  addCommand(app, "train",
             "train an MLP score model by denoising score matching on a synthetic manifold, or (--data "
             "rotated-mnist) geodex's U-Net ε-model on Rotated MNIST",
             addTrainOptions, runTrain);
}

}  // namespace geodex::cli
