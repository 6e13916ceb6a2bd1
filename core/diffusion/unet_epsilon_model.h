#pragma once
// The U-Net ε-model geodex trains itself (DdpmTrainer), with the noise schedule it was trained
// on; saved and loaded as a torch::serialize checkpoint. Includes LibTorch.
#include <memory>

#include "core/diffusion/epsilon_model.h"
#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/unet_epsilon_network.h"
#include "core/util/device.h"

namespace geodex {

class UnetEpsilonModel : public EpsilonModel {
 public:
  // A freshly initialised network (deterministic for a seed) on `device`.
  UnetEpsilonModel(const UnetEpsilonNetworkOptions& options, const NoiseScheduleOptions& schedule,
                   torch::Device device, std::uint64_t seed);

  // Throws IoError (missing/unreadable file) or ModelError (not a U-Net ε checkpoint).
  static std::shared_ptr<UnetEpsilonModel> load(const std::string& path,
                                                DeviceChoice device = DeviceChoice::Auto);
  // Complete or not at all; IoError on failure.
  void save(const std::string& path) const;
  // The bytes save(path) writes (for an output set); `path` names the file in messages.
  std::string encode(const std::string& path) const;

  std::string name() const override { return "unet-epsilon"; }
  std::vector<std::int64_t> sampleShape() const override;
  torch::Device device() const override { return device_; }
  torch::Dtype dtype() const override { return torch::kFloat32; }

  const UnetEpsilonNetworkOptions& options() const { return options_; }
  // The schedule the network was trained with (DDIM must use the same one).
  const NoiseScheduleOptions& scheduleOptions() const { return schedule_; }
  UnetEpsilonNetwork& network() { return network_; }
  long long parameterCount() const;

 protected:
  torch::Tensor computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const override;

 private:
  UnetEpsilonNetworkOptions options_;
  NoiseScheduleOptions schedule_;
  torch::Device device_;
  UnetEpsilonNetwork network_{nullptr};
};

}  // namespace geodex
