#include "core/diffusion/unet_epsilon_network_options.h"

#include <string>

#include "core/util/checkpoint_header.h"
#include "core/util/errors.h"
#include "core/util/training_limits.h"

namespace geodex {

void UnetEpsilonNetworkOptions::validate() const {
  checkWholeRange("U-Net image channels", imageChannels, 1, kMaxImageChannels);
  checkWholeRange("U-Net image size", imageSize, 4, kMaxImageSize);
  checkWholeRange("U-Net base channels", baseChannels, 1, kMaxBaseChannels);
  checkWholeRange("U-Net time features", timeFeatures, 2, kMaxTimeFeatures);
  checkWholeRange("U-Net GroupNorm groups", groups, 1, baseChannels);
  if (imageSize % 4 != 0)
    throw InvalidArgumentError("U-Net image size must be divisible by 4, got " +
                               std::to_string(imageSize));
  if (baseChannels % groups != 0)
    throw InvalidArgumentError("U-Net GroupNorm groups (" + std::to_string(groups) +
                               ") must divide the base channels (" + std::to_string(baseChannels) +
                               ")");
  if (timeFeatures % 2 != 0)
    throw InvalidArgumentError("U-Net time features must be even, got " +
                               std::to_string(timeFeatures));
}

UnetEpsilonNetworkOptions UnetEpsilonNetworkOptions::fromHeader(const CheckpointHeader& header) {
  UnetEpsilonNetworkOptions options;
  options.imageChannels = header.integer("image_channels", 1, kMaxImageChannels);
  options.imageSize = header.integer("image_size", 4, kMaxImageSize);
  options.baseChannels = header.integer("base_channels", 1, kMaxBaseChannels);
  options.timeFeatures = header.integer("time_features", 2, kMaxTimeFeatures);
  options.groups = header.integer("groups", 1, kMaxBaseChannels);
  header.check([&] { options.validate(); });
  return options;
}

}  // namespace geodex
