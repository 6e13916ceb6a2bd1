#pragma once
// The settings of a DDPM training run of geodex's U-Net (DdpmTrainer), torch-free so that
// callers without LibTorch (trainImageDdpm's) can fill them.
#include <cstdint>

#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/unet_epsilon_network_options.h"
#include "core/util/device.h"

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

}  // namespace geodex
