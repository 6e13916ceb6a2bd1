#include "core/diffusion/ddpm_trainer.h"

#include <chrono>
#include <cmath>

#include "core/util/adam_learning_rate.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/torch_device.h"
#include "core/util/torch_threads.h"
#include "core/util/training_limits.h"

namespace geodex {

DdpmTrainer::DdpmTrainer(DdpmTrainingOptions options) : options_(std::move(options)) {
  checkTrainingLoop(options_.steps, options_.batchSize, options_.learningRate,
                    options_.finalLearningRateFraction);
  options_.network.validate();
  NoiseSchedule check(options_.schedule);
  (void)check;
  // Feature maps of one image: about 40 of base-channel size at full resolution (the skips, the
  // residual blocks, their GroupNorms), kept for the backward pass, float32, ×2 for gradients.
  const auto& net = options_.network;
  checkTrainingBatchMemory(2.0 * 4.0 * 40.0 * options_.batchSize * net.baseChannels *
                               double(net.imageSize) * net.imageSize,
                           "a batch of " + std::to_string(options_.batchSize) + " images of " +
                               std::to_string(net.imageSize) + "² through a U-Net of " +
                               std::to_string(net.baseChannels) + " base channels");
}

DdpmTrainingResult DdpmTrainer::train(const torch::Tensor& images,
                                      const SolverControl& control) const {
  return translateLibraryErrors("DDPM training", [&] { return trainChecked(images, control); });
}

DdpmTrainingResult DdpmTrainer::trainChecked(const torch::Tensor& images,
                                             const SolverControl& control) const {
  const auto& o = options_;
  const auto& net = o.network;
  if (images.dim() != 4 || images.size(1) != net.imageChannels || images.size(2) != net.imageSize ||
      images.size(3) != net.imageSize || images.size(0) < 1)
    throw InvalidArgumentError("training images must be [N, " + std::to_string(net.imageChannels) +
                               ", " + std::to_string(net.imageSize) + ", " +
                               std::to_string(net.imageSize) + "] with N ≥ 1, got " +
                               shapeString(images.sizes()));
  const auto start = std::chrono::steady_clock::now();
  const ScopedTorchThreads threads(o.threads);
  const torch::Device device = resolveDevice(o.device);
  auto model = std::make_shared<UnetEpsilonModel>(net, o.schedule, device, o.seed);
  UnetEpsilonNetwork& network = model->network();
  network->train();

  const NoiseSchedule schedule(o.schedule);
  const torch::Tensor alphaBars =
      torch::tensor(schedule.alphaBars(), torch::kFloat64).to(device, torch::kFloat32);
  const torch::Tensor data = images.to(device, torch::kFloat32);
  const std::int64_t n = data.size(0);
  // One CPU generator for every random draw: the seed fixes the run on any device.
  at::Generator generator = at::detail::createCPUGenerator(o.seed + 0x9e3779b97f4a7c15ULL);
  const auto cpuLong = torch::TensorOptions().dtype(torch::kLong);
  const auto cpuFloat = torch::TensorOptions().dtype(torch::kFloat32);

  torch::optim::Adam optimizer(network->parameters(), torch::optim::AdamOptions(o.learningRate));
  DdpmTrainingResult result;
  result.lossCurve.reserve(o.steps);
  for (int step = 0; step < o.steps; ++step) {
    if (control.cancelled()) {
      result.cancelled = true;
      break;
    }
    setCosineDecayedLearningRate(optimizer, o.learningRate, o.finalLearningRateFraction, step,
                                 o.steps);

    const std::int64_t b = o.batchSize;
    const torch::Tensor index = torch::randint(n, {b}, generator, cpuLong).to(device);
    const torch::Tensor t = torch::randint(schedule.timesteps(), {b}, generator, cpuLong).to(device);
    const torch::Tensor eps =
        torch::randn({b, net.imageChannels, net.imageSize, net.imageSize}, generator, cpuFloat)
            .to(device);
    const torch::Tensor abar = alphaBars.index_select(0, t).view({b, 1, 1, 1});
    const torch::Tensor xt = abar.sqrt() * data.index_select(0, index) + (1.0 - abar).sqrt() * eps;
    const torch::Tensor loss = (network->forward(xt, t) - eps).square().mean();
    optimizer.zero_grad();
    loss.backward();
    if (o.gradientClip > 0.0) torch::nn::utils::clip_grad_norm_(network->parameters(), o.gradientClip);
    optimizer.step();

    const double value = loss.item<double>();
    if (!std::isfinite(value))
      throw NumericalError("DDPM training diverged at step " + std::to_string(step + 1) +
                           "; lower the learning rate");
    result.lossCurve.push_back(value);
    result.steps = step + 1;
    if (control.progress) control.progress(static_cast<double>(step + 1) / o.steps, step + 1, value);
  }
  network->eval();

  if (!result.lossCurve.empty()) {
    const std::size_t tail = std::max<std::size_t>(1, result.lossCurve.size() / 10);
    double sum = 0.0;
    for (std::size_t i = result.lossCurve.size() - tail; i < result.lossCurve.size(); ++i)
      sum += result.lossCurve[i];
    result.finalLoss = sum / static_cast<double>(tail);
  }
  result.model = model;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stepsPerSecond = result.seconds > 0 ? result.steps / result.seconds : 0.0;
  return result;
}

}  // namespace geodex
