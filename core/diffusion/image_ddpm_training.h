#pragma once
// Training geodex's U-Net ε-model on byte images (an IDX set such as Rotated MNIST), without
// LibTorch in the caller's headers: pixels are scaled to [−1, 1], DdpmTrainer runs, and the model
// comes back encoded as a checkpoint, for the caller to write with its other outputs as one set.
// Used by `geodex-cli train --data rotated-mnist`.
#include <string>
#include <vector>

#include "core/data/idx_file.h"
#include "core/diffusion/ddpm_training_options.h"
#include "core/diffusion/training_run.h"
#include "core/util/solver_control.h"

namespace geodex {

// CancelledError when cancelled.
struct ImageDdpmTrainingResult : TrainingRun {
  long long parameters = 0;
  std::string deviceName;
  std::string checkpoint;  // the model's file content (UnetEpsilonModel::load reads it back)
};

// images: square, size divisible by 4 (28×28 for MNIST); `out` names the checkpoint in
// messages. The network's image channels and size come from the images. Throws
// InvalidArgumentError on bad options or images.
ImageDdpmTrainingResult trainImageDdpm(const IdxImages& images, const std::string& out,
                                       DdpmTrainingOptions options,
                                       const SolverControl& control = {});

}  // namespace geodex
