#pragma once
// LibTorch side of device.h: only for core .cpp files and tests that already include torch.
#include <torch/torch.h>

#include "core/util/device.h"

namespace geodex {

// CUDA when requested or when `Auto` and available; CPU otherwise.
torch::Device resolveDevice(DeviceChoice choice);

// The first line of a LibTorch error without its C++ backtrace.
std::string torchErrorLine(const std::exception& e);

// "[2, 1, 28, 28]" for error messages.
std::string shapeString(c10::IntArrayRef shape);

}  // namespace geodex
