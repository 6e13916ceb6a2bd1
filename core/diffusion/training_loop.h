#pragma once
// The loop both trainers (denoising score matching, DDPM) run: Adam with the cosine-decayed
// learning rate, cancellation before every step, optional gradient clipping, a NumericalError
// naming the step when the loss stops being finite, progress after every step, and the run's
// figures. Includes LibTorch: the trainers' .cpp files only (inline: no extra LibTorch file to
// compile).
// clip_grad.h is not self-contained: the tensor types first.
#include <torch/types.h>

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "core/diffusion/training_run.h"
#include "core/util/cosine_decay.h"
#include "core/util/errors.h"
#include "core/util/solver_control.h"
#include "core/util/stopwatch.h"

namespace geodex {

// cosineDecay at the progress step/(steps − 1), written into every parameter group.
inline void setCosineDecayedLearningRate(torch::optim::Adam& optimizer, double initial,
                                         double finalFraction, int step, int steps) {
  const double progress = steps > 1 ? static_cast<double>(step) / (steps - 1) : 1.0;
  const double lr = cosineDecay(initial, finalFraction, progress);
  for (auto& group : optimizer.param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

struct TrainingLoopOptions {
  int steps = 1;
  double learningRate = 1e-3;
  double finalLearningRateFraction = 0.1;
  double gradientClip = 0.0;      // max global gradient norm (≤ 0: off)
  std::string what = "training";  // names the trainer in the divergence message
};

// `loss(step)` draws the step's batch and returns its loss; `start` is when the training began.
inline void runTrainingLoop(torch::optim::Adam& optimizer,
                            const std::vector<torch::Tensor>& parameters,
                            const TrainingLoopOptions& o, const SolverControl& control,
                            const std::function<torch::Tensor(int step)>& loss,
                            const Stopwatch& start, TrainingRun& run) {
  run.lossCurve.reserve(o.steps);
  for (int step = 0; step < o.steps; ++step) {
    control.throwIfCancelled("training (at step " + std::to_string(step) + ")");
    setCosineDecayedLearningRate(optimizer, o.learningRate, o.finalLearningRateFraction, step,
                                 o.steps);
    const torch::Tensor value = loss(step);
    optimizer.zero_grad();
    value.backward();
    if (o.gradientClip > 0.0) torch::nn::utils::clip_grad_norm_(parameters, o.gradientClip);
    optimizer.step();

    const double number = value.item<double>();
    if (!std::isfinite(number))
      throw NumericalError(o.what + " diverged at step " + std::to_string(step + 1) + " (loss " +
                           std::to_string(number) + "); lower the learning rate");
    run.lossCurve.push_back(number);
    run.steps = step + 1;
    if (control.progress)
      control.progress(static_cast<double>(step + 1) / o.steps, step + 1, number);
  }
  if (!run.lossCurve.empty()) {
    const std::size_t tail = std::max<std::size_t>(1, run.lossCurve.size() / 10);
    double sum = 0.0;
    for (std::size_t i = run.lossCurve.size() - tail; i < run.lossCurve.size(); ++i)
      sum += run.lossCurve[i];
    run.finalLoss = sum / static_cast<double>(tail);
  }
  run.seconds = start.seconds();
  run.stepsPerSecond = run.seconds > 0 ? run.steps / run.seconds : 0.0;
}

}  // namespace geodex
