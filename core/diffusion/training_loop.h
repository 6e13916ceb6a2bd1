#pragma once
// The loop both trainers (denoising score matching, DDPM) run: Adam with the cosine-decayed
// learning rate, cancellation before every step, optional gradient clipping, a NumericalError
// naming the step when the loss stops being finite, progress after every step, and the run's
// figures. Includes LibTorch: trainer .cpp files only.
#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <string>

#include "core/diffusion/training_run.h"
#include "core/util/solver_control.h"

namespace geodex {

struct TrainingLoopOptions {
  int steps = 1;
  double learningRate = 1e-3;
  double finalLearningRateFraction = 0.1;
  double gradientClip = 0.0;  // max global gradient norm (≤ 0: off)
  std::string what = "training";  // names the trainer in the divergence message
};

// `loss(step)` draws the step's batch and returns its loss; `start` is when the training began.
void runTrainingLoop(torch::optim::Adam& optimizer, const std::vector<torch::Tensor>& parameters,
                     const TrainingLoopOptions& options, const SolverControl& control,
                     const std::function<torch::Tensor(int step)>& loss,
                     std::chrono::steady_clock::time_point start, TrainingRun& run);

}  // namespace geodex
