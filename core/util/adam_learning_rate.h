#pragma once
// The trainers' learning-rate schedule applied to a LibTorch Adam: cosineDecay at the progress
// step/(steps − 1), written into every parameter group. Includes LibTorch: trainer .cpp files only.
#include <torch/optim/adam.h>

#include "core/util/cosine_decay.h"

namespace geodex {

inline void setCosineDecayedLearningRate(torch::optim::Adam& optimizer, double initial,
                                         double finalFraction, int step, int steps) {
  const double progress = steps > 1 ? static_cast<double>(step) / (steps - 1) : 1.0;
  const double lr = cosineDecay(initial, finalFraction, progress);
  for (auto& group : optimizer.param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

}  // namespace geodex
