#pragma once
// Which device LibTorch code runs on. Torch-free so that UI and CLI code can choose a device
// without including LibTorch headers.
#include <string>

namespace geodex {

enum class DeviceChoice { Auto, Cpu, Cuda };

// "auto" | "cpu" | "cuda" → DeviceChoice; throws InvalidArgumentError otherwise.
DeviceChoice parseDeviceChoice(const std::string& text);
// Whether LibTorch sees a CUDA device.
bool cudaAvailable();
// The device a choice resolves to, as text ("cpu", "cuda:0"). Throws ModelError when CUDA is
// requested but absent.
std::string resolvedDeviceName(DeviceChoice choice);

}  // namespace geodex
