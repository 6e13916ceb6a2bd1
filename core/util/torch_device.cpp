#include "core/util/torch_device.h"

#include <thread>

#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/message_format.h"

namespace geodex {

DeviceChoice parseDeviceChoice(const std::string& text) {
  if (text == "auto") return DeviceChoice::Auto;
  if (text == "cpu") return DeviceChoice::Cpu;
  if (text == "cuda") return DeviceChoice::Cuda;
  throw InvalidArgumentError("unknown device '" + shortText(text) + "' (use auto, cpu or cuda)");
}

bool cudaAvailable() { return torch::cuda::is_available(); }

torch::Device resolveDevice(DeviceChoice choice) {
  switch (choice) {
    case DeviceChoice::Cpu: return torch::kCPU;
    case DeviceChoice::Cuda:
      if (!cudaAvailable())
        throw ModelError("device 'cuda' requested, but this LibTorch sees no CUDA device");
      return torch::Device(torch::kCUDA, 0);
    case DeviceChoice::Auto: break;
  }
  return cudaAvailable() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

std::string torchErrorLine(const std::exception& e) {
  const auto* c10Error = dynamic_cast<const c10::Error*>(&e);
  return firstLineOf(c10Error ? c10Error->what_without_backtrace() : e.what());
}

std::string shapeString(c10::IntArrayRef shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string resolvedDeviceName(DeviceChoice choice) { return resolveDevice(choice).str(); }

}  // namespace geodex
