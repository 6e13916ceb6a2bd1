#pragma once
// DDPM training (Ho et al. 2020, ε-prediction, uniform t) of the U-Net on images the caller
// passes as a tensor (e.g. Rotated MNIST from the IDX loader). Includes LibTorch.
#include <memory>
#include <vector>

#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/unet_epsilon_model.h"
#include "core/diffusion/training_run.h"
#include "core/util/device.h"
#include "core/util/solver_control.h"

namespace geodex {

struct DdpmTrainingOptions {
  int steps = 2000;
  int batchSize = 64;
  double learningRate = 1e-3;  // Adam, cosine decay to finalLearningRateFraction×
  double finalLearningRateFraction = 0.1;
  double gradientClip = 1.0;   // max global gradient norm (≤ 0: off)
  std::uint64_t seed = 1;
  DeviceChoice device = DeviceChoice::Auto;
  // LibTorch intra-op threads of the calling thread (0: all cores, with passive waiting: torch_threads.h).
  int threads = 0;
  NoiseScheduleOptions schedule;  // DDPM linear, T = 1000
  UnetEpsilonNetworkOptions network;
};

// lossCurve: ‖ε̂ − ε‖² per element, every step.
struct DdpmTrainingResult : TrainingRun {
  std::shared_ptr<UnetEpsilonModel> model;  // trained
};

class DdpmTrainer {
 public:
  // Throws InvalidArgumentError for options outside their limits (training_limits.h, the
  // network's and the schedule's), before anything is allocated.
  explicit DdpmTrainer(DdpmTrainingOptions options);

  // images [N, C, S, S] (C, S as in options.network; scaled to about [−1, 1]). Cancellation is
  // checked before every step; progress(fraction, step, loss) after every step.
  DdpmTrainingResult train(const torch::Tensor& images, const SolverControl& control = {}) const;

  const DdpmTrainingOptions& options() const { return options_; }

 private:
  DdpmTrainingResult trainChecked(const torch::Tensor& images, const SolverControl& control) const;

  DdpmTrainingOptions options_;
};

}  // namespace geodex
