#include "core/util/torch_device.h"

#include <thread>

#include "core/util/errors.h"

namespace geodex {

DeviceChoice parseDeviceChoice(const std::string& text) {
  if (text == "auto") return DeviceChoice::Auto;
  if (text == "cpu") return DeviceChoice::Cpu;
  if (text == "cuda") return DeviceChoice::Cuda;
  throw InvalidArgumentError("unknown device '" + text + "' (use auto, cpu or cuda)");
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

std::string resolvedDeviceName(DeviceChoice choice) { return resolveDevice(choice).str(); }

void configureTorchThreads(int threads) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads > 0 ? threads : cores);
}

}  // namespace geodex
