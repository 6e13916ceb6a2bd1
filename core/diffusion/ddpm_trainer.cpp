#include "core/diffusion/ddpm_trainer.h"

#include <cmath>

#include "core/diffusion/training_loop.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/stopwatch.h"
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
  const Stopwatch start;
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
  const auto loss = [&](int) {
    const std::int64_t b = o.batchSize;
    const torch::Tensor index = torch::randint(n, {b}, generator, cpuLong).to(device);
    const torch::Tensor t = torch::randint(schedule.timesteps(), {b}, generator, cpuLong).to(device);
    const torch::Tensor eps =
        torch::randn({b, net.imageChannels, net.imageSize, net.imageSize}, generator, cpuFloat)
            .to(device);
    const torch::Tensor abar = alphaBars.index_select(0, t).view({b, 1, 1, 1});
    const torch::Tensor xt = abar.sqrt() * data.index_select(0, index) + (1.0 - abar).sqrt() * eps;
    return (network->forward(xt, t) - eps).square().mean();
  };
  runTrainingLoop(optimizer, network->parameters(),
                  {o.steps, o.learningRate, o.finalLearningRateFraction, o.gradientClip,
                   "DDPM training"},
                  control, loss, start, result);
  network->eval();
  result.model = model;
  return result;
}

}  // namespace geodex
