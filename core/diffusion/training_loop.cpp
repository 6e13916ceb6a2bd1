#include "core/diffusion/training_loop.h"

#include <algorithm>
#include <cmath>

#include "core/util/adam_learning_rate.h"
#include "core/util/errors.h"

namespace geodex {

void runTrainingLoop(torch::optim::Adam& optimizer, const std::vector<torch::Tensor>& parameters,
                     const TrainingLoopOptions& o, const SolverControl& control,
                     const std::function<torch::Tensor(int step)>& loss,
                     std::chrono::steady_clock::time_point start, TrainingRun& run) {
  run.lossCurve.reserve(o.steps);
  for (int step = 0; step < o.steps; ++step) {
    if (control.cancelled()) {
      run.cancelled = true;
      break;
    }
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
    if (control.progress) control.progress(static_cast<double>(step + 1) / o.steps, step + 1, number);
  }
  if (!run.lossCurve.empty()) {
    const std::size_t tail = std::max<std::size_t>(1, run.lossCurve.size() / 10);
    double sum = 0.0;
    for (std::size_t i = run.lossCurve.size() - tail; i < run.lossCurve.size(); ++i)
      sum += run.lossCurve[i];
    run.finalLoss = sum / static_cast<double>(tail);
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.stepsPerSecond = run.seconds > 0 ? run.steps / run.seconds : 0.0;
}

}  // namespace geodex
