#pragma once
// LibTorch side of device.h: only for core .cpp files and tests that already include torch.
#include <torch/torch.h>

#include "core/util/device.h"

namespace geodex {

// CUDA when requested or when `Auto` and available; CPU otherwise.
torch::Device resolveDevice(DeviceChoice choice);

}  // namespace geodex
