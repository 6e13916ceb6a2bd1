#include "core/diffusion/unet_epsilon_model.h"

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/torch_checkpoint.h"
#include "core/util/torch_device.h"

namespace geodex {

namespace {
constexpr const char* kKind = "geodex-unet-epsilon";
}

UnetEpsilonModel::UnetEpsilonModel(const UnetEpsilonNetworkOptions& options,
                                   const NoiseScheduleOptions& schedule, torch::Device device,
                                   std::uint64_t seed)
    : options_(options), schedule_(schedule), device_(device) {
  NoiseSchedule check(schedule);  // throws on an invalid schedule
  (void)check;
  network_ = UnetEpsilonNetwork(options);
  at::Generator generator = at::detail::createCPUGenerator(seed);
  network_->initialize(generator);  // on the CPU first: the same weights on every device
  network_->to(device_);
}

std::vector<std::int64_t> UnetEpsilonModel::sampleShape() const {
  return {options_.imageChannels, options_.imageSize, options_.imageSize};
}

long long UnetEpsilonModel::parameterCount() const {
  long long count = 0;
  for (const auto& p : network_->parameters()) count += p.numel();
  return count;
}

torch::Tensor UnetEpsilonModel::computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const {
  return network_.ptr()->forward(x, t);
}

void UnetEpsilonModel::save(const std::string& path) const {
  writeFileAtomically(path, encode(path));
}

std::string UnetEpsilonModel::encode(const std::string& path) const {
  return TorchCheckpoint::encode(path, kKind,
                        {{"image_channels", options_.imageChannels},
                         {"image_size", options_.imageSize},
                         {"base_channels", options_.baseChannels},
                         {"time_features", options_.timeFeatures},
                         {"groups", options_.groups},
                         {"timesteps", schedule_.timesteps},
                         {"beta_start", schedule_.betaStart},
                         {"beta_end", schedule_.betaEnd},
                         {"cosine_offset", schedule_.cosineOffset},
                         {"max_beta", schedule_.maxBeta}},
                        {{"schedule", toString(schedule_.kind)}}, *network_);
}

std::shared_ptr<UnetEpsilonModel> UnetEpsilonModel::load(const std::string& path,
                                                         DeviceChoice deviceChoice) {
  const torch::Device device = resolveDevice(deviceChoice);
  const TorchCheckpoint checkpoint(path, kKind, device);
  // Range-checked before a network is sized from them; loadInto then checks every tensor's shape.
  const UnetEpsilonNetworkOptions options =
      UnetEpsilonNetworkOptions::fromHeader(checkpoint.header());
  const NoiseScheduleOptions schedule = noiseScheduleFromHeader(checkpoint.header());
  return translateLibraryErrors("loading the U-Net '" + path + "'", [&] {
    auto model = std::make_shared<UnetEpsilonModel>(options, schedule, device, /*seed=*/0);
    checkpoint.loadInto(*model->network_);
    model->network_->to(device);
    return model;
  });
}

}  // namespace geodex
