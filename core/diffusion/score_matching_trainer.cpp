#include "core/diffusion/score_matching_trainer.h"

#include <cmath>

#include "core/diffusion/training_loop.h"
#include "core/score/mlp_score_model_impl.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"
#include "core/util/torch_device.h"
#include "core/util/torch_threads.h"
#include "core/util/training_limits.h"

namespace geodex {

ScoreMatchingTrainer::ScoreMatchingTrainer(ScoreMatchingOptions options)
    : options_(std::move(options)) {
  const auto& o = options_;
  // The range the loader reads back (MlpScoreModelConfig): a model written always loads.
  constexpr double kMin = MlpScoreModelConfig::kMinSigma, kMax = MlpScoreModelConfig::kMaxSigma;
  if (!(o.sigma >= kMin && o.sigma <= kMax))
    throw InvalidArgumentError("training σ (--sigma) must lie in [" + numberText(kMin) + ", " +
                               numberText(kMax) + "], got " + numberText(o.sigma));
  if (o.sigmaMax != 0.0 && !(o.sigmaMax >= o.sigma && o.sigmaMax <= kMax))
    throw InvalidArgumentError("σ max (--sigma-max) must be 0 (fixed σ) or in [σ, " +
                               numberText(kMax) + "], got " + numberText(o.sigmaMax));
  checkTrainingLoop(o.steps, o.batchSize, o.learningRate, o.finalLearningRateFraction);
  networkConfig(3).validate();  // the data's dimension is checked again in train()
}

MlpScoreModelConfig ScoreMatchingTrainer::networkConfig(int dimension) const {
  MlpScoreModelConfig config;
  config.dimension = dimension;
  config.hiddenWidth = options_.hiddenWidth;
  config.hiddenLayers = options_.hiddenLayers;
  config.levelFeatures = options_.levelFeatures;
  config.sigma = options_.sigma;
  config.data = options_.data;
  return config;
}

ScoreMatchingResult ScoreMatchingTrainer::train(const Eigen::MatrixXd& samples,
                                                const SolverControl& control) const {
  const auto& o = options_;
  if (samples.cols() < 1 || samples.rows() < 1)
    throw InvalidArgumentError("score matching needs at least one training sample");
  if (!samples.allFinite()) throw InvalidArgumentError("training samples must be finite");
  if (samples.rows() > MlpScoreModelConfig::kMaxDimension)
    throw InvalidArgumentError("score matching takes samples of dimension 1 to " +
                               std::to_string(MlpScoreModelConfig::kMaxDimension) + ", got " +
                               std::to_string(samples.rows()));
  const MlpScoreModelConfig config = networkConfig(static_cast<int>(samples.rows()));
  config.validate();
  // Activations and their gradients: inputs, every hidden layer, outputs, in float32, ×3.
  checkTrainingBatchMemory(
      3.0 * 4.0 * o.batchSize *
          (double(config.dimension + config.levelFeatures) +
           double(config.hiddenWidth) * config.hiddenLayers * 2 + config.dimension),
      "a batch of " + std::to_string(o.batchSize) + " through an MLP of width " +
          std::to_string(config.hiddenWidth) + " and " + std::to_string(config.hiddenLayers) +
          " layers");
  return translateLibraryErrors("score matching",
                                [&] { return trainChecked(samples, config, control); });
}

ScoreMatchingResult ScoreMatchingTrainer::trainChecked(const Eigen::MatrixXd& samples,
                                                       const MlpScoreModelConfig& config,
                                                       const SolverControl& control) const {
  const auto& o = options_;
  const Stopwatch start;
  const ScopedTorchThreads threads(o.threads);
  auto model = std::make_shared<MlpScoreModel>(config, o.device, o.seed);
  MlpScoreModel::Impl& impl = model->impl();
  const torch::Device device = impl.device;
  MlpScoreNetwork& network = impl.network;
  network->train();

  // Samples as rows [N × d] (the column-major Eigen layout), float32 on the device.
  const torch::Tensor data =
      torch::from_blob(const_cast<double*>(samples.data()), {samples.cols(), samples.rows()},
                       torch::kFloat64)
          .to(device, torch::kFloat32, false, true);
  const std::int64_t n = data.size(0), d = data.size(1);
  // Random draws come from one CPU generator (then move to the device): the seed alone fixes
  // the run, on any device and regardless of other users of LibTorch's global generator.
  at::Generator generator = at::detail::createCPUGenerator(o.seed + 0x9e3779b97f4a7c15ULL);
  const auto cpuLong = torch::TensorOptions().dtype(torch::kLong);
  const auto cpuFloat = torch::TensorOptions().dtype(torch::kFloat32);
  const double logSigmaMin = std::log(o.sigma);
  const double logSigmaMax = o.sigmaMax > o.sigma ? std::log(o.sigmaMax) : logSigmaMin;

  torch::optim::Adam optimizer(network->parameters(), torch::optim::AdamOptions(o.learningRate));
  ScoreMatchingResult result;
  const auto loss = [&](int) {
    const torch::Tensor index = torch::randint(n, {o.batchSize}, generator, cpuLong).to(device);
    const torch::Tensor z = torch::randn({o.batchSize, d}, generator, cpuFloat).to(device);
    const torch::Tensor logSigma =
        (logSigmaMin + (logSigmaMax - logSigmaMin) *
                           torch::rand({o.batchSize}, generator, cpuFloat))
            .to(device);
    const torch::Tensor x = data.index_select(0, index) + z * logSigma.exp().unsqueeze(1);
    return (network->forward(x, logSigma) - z).square().mean();
  };
  runTrainingLoop(optimizer, network->parameters(),
                  {o.steps, o.learningRate, o.finalLearningRateFraction, 0.0, "score matching"},
                  control, loss, start, result);
  network->eval();
  model->weightsChanged();
  result.model = model;
  return result;
}

ScoreMatchingResult trainScoreModel(const Eigen::MatrixXd& samples,
                                    const ScoreMatchingOptions& options,
                                    const SolverControl& control) {
  return ScoreMatchingTrainer(options).train(samples, control);
}

}  // namespace geodex
