#pragma once
// Training geodex's U-Net ε-model on byte images (an IDX set such as Rotated MNIST), without
// LibTorch in the caller's headers: pixels are scaled to [−1, 1], DdpmTrainer runs, and the model
// comes back encoded as a checkpoint, for the caller to write with its other outputs as one set.
// Used by `geodex-cli train --data rotated-mnist`.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/idx_file.h"
#include "core/diffusion/training_run.h"
#include "core/util/device.h"
#include "core/util/solver_control.h"

namespace geodex {

struct ImageDdpmTrainingOptions {
  int steps = 2000;
  int batchSize = 64;
  double learningRate = 1e-3;  // Adam with cosine decay to 0.1×
  int baseChannels = 32;       // U-Net width at full resolution
  std::uint64_t seed = 1;
  int threads = 0;             // LibTorch threads (0: all cores); see DdpmTrainingOptions
  DeviceChoice device = DeviceChoice::Auto;
};

// CancelledError when cancelled.
struct ImageDdpmTrainingResult : TrainingRun {
  long long parameters = 0;
  std::string deviceName;
  std::string checkpoint;  // the model's file content (UnetEpsilonModel::load reads it back)
};

// images: square, size divisible by 4 (28×28 for MNIST); `out` names the checkpoint in
// messages. Throws InvalidArgumentError on bad options or images.
ImageDdpmTrainingResult trainImageDdpm(const IdxImages& images, const std::string& out,
                                       const ImageDdpmTrainingOptions& options,
                                       const SolverControl& control = {});

}  // namespace geodex
