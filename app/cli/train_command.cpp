// geodex-cli train: denoising score matching of an MLP score model on a synthetic manifold,
// saved as a LibTorch checkpoint that `geodesic --score trained --model FILE` loads.
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <random>

#include <nlohmann/json.hpp>

#include "app/cli/cli_commands.h"
#include "app/cli/scoped_interrupt.h"
#include "core/data/synthetic_manifold.h"
#include "core/diffusion/score_matching_trainer.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/errors.h"

namespace geodex::cli {

namespace {
struct TrainArguments {
  std::string data;
  std::string out;
  std::string json;
  std::string device = "auto";
  int samples = 20000;
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
}  // namespace

void addTrainCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "train", "train an MLP score model by denoising score matching on a synthetic manifold");
  auto args = std::make_shared<TrainArguments>();
  auto options = std::make_shared<ScoreMatchingOptions>();
  command->add_option("--data", args->data, "circle|moons|spiral|sphere|torus|swissroll|helix")->required();
  command->add_option("--out", args->out, "checkpoint to write (LibTorch archive, e.g. model.pt)")->required();
  command->add_option("--steps", options->steps, "training steps")->capture_default_str();
  command->add_option("--sigma", options->sigma, "noise level σ the score is learned at")->capture_default_str();
  command->add_option("--sigma-max", options->sigmaMax, "train on σ ∈ [sigma, sigma-max] (0: fixed σ)")->capture_default_str();
  command->add_option("--batch", options->batchSize, "batch size")->capture_default_str();
  command->add_option("--lr", options->learningRate, "Adam learning rate (cosine decay)")->capture_default_str();
  command->add_option("--width", options->hiddenWidth, "hidden layer width")->capture_default_str();
  command->add_option("--layers", options->hiddenLayers, "hidden layers")->capture_default_str();
  command->add_option("--samples", args->samples, "training samples drawn from the manifold")->capture_default_str();
  command->add_option("--seed", options->seed, "seed of samples, initialisation and noise")->capture_default_str();
  command->add_option("--threads", options->threads, "LibTorch threads (0: all cores)")->capture_default_str();
  command->add_option("--device", args->device, "auto|cpu|cuda")->capture_default_str();
  command->add_option("--json", args->json, "write the loss curve and figures as JSON ('-' for stdout)");
  command->callback([=] {
    const auto manifold = SyntheticManifold::create(args->data);
    if (args->samples < 1)
      throw InvalidArgumentError("--samples must be at least 1, got " + std::to_string(args->samples));
    ScoreMatchingOptions opts = *options;
    opts.device = parseDeviceChoice(args->device);
    opts.data = manifold->name();
    const ScoreMatchingTrainer trainer(opts);  // checks the options before sampling
    const Eigen::MatrixXd samples = manifold->sample(args->samples, opts.seed);

    SolverControl control;
    const ScopedInterrupt interrupt;
    control.cancel = interrupt.flag();
    const bool quiet = args->json == "-";
    int reported = 0;
    control.progress = [&](double fraction, int step, double loss) {
      if (quiet || fraction * 10 < reported + 1) return;
      reported = static_cast<int>(fraction * 10);
      std::cout << "step " << step << "/" << opts.steps << "  loss " << std::setprecision(4) << loss
                << "\n" << std::flush;
    };
    const ScoreMatchingResult result = trainer.train(samples, control);
    if (result.cancelled)
      throw GeodexError("training interrupted at step " + std::to_string(result.steps) +
                        "; nothing written");

    result.model->save(args->out);
    const double cosine = cosineToExact(*manifold, *result.model, opts.sigma, opts.seed);
    if (!args->json.empty()) {
      nlohmann::json out = {{"data", manifold->name()},
                            {"model", args->out},
                            {"sigma", opts.sigma},
                            {"steps", result.steps},
                            {"seconds", result.seconds},
                            {"steps_per_second", result.stepsPerSecond},
                            {"final_loss", result.finalLoss},
                            {"parameters", result.model->parameterCount()},
                            {"device", result.model->deviceName()},
                            {"loss", result.lossCurve}};
      if (std::isfinite(cosine)) out["mean_cosine_to_exact_score"] = cosine;
      writeJson(args->json, out);
    }
    if (!quiet) {
      std::cout << std::setprecision(4) << "trained " << result.model->name() << " ("
                << result.model->parameterCount() << " parameters, " << result.model->deviceName()
                << "): " << result.steps << " steps in " << result.seconds << " s, final loss "
                << result.finalLoss;
      if (std::isfinite(cosine)) std::cout << ", mean cosine to the exact score " << cosine;
      std::cout << "\nwrote " << args->out << "\n";
    }
  });
}

}  // namespace geodex::cli
