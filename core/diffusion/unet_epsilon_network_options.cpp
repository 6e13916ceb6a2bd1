#include "core/diffusion/unet_epsilon_network_options.h"

#include <string>

#include "core/util/checkpoint_header.h"
#include "core/util/errors.h"
#include "core/util/training_limits.h"

namespace geodex {

namespace {

// Each size of the network once: its name in messages, its checkpoint key and its range.
struct SizeField {
  const char* name;
  const char* key;
  int UnetEpsilonNetworkOptions::*member;
  int min, max;
};
using O = UnetEpsilonNetworkOptions;
constexpr SizeField kSizeFields[] = {
    {"U-Net image channels", "image_channels", &O::imageChannels, 1, O::kMaxImageChannels},
    {"U-Net image size", "image_size", &O::imageSize, 4, O::kMaxImageSize},
    {"U-Net base channels", "base_channels", &O::baseChannels, 1, O::kMaxBaseChannels},
    {"U-Net time features", "time_features", &O::timeFeatures, 2, O::kMaxTimeFeatures},
    {"U-Net GroupNorm groups", "groups", &O::groups, 1, O::kMaxBaseChannels},
};

}  // namespace

void UnetEpsilonNetworkOptions::validate() const {
  for (const SizeField& field : kSizeFields)
    checkWholeRange(field.name, this->*field.member, field.min, field.max);
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
  for (const SizeField& field : kSizeFields)
    options.*field.member = header.integer(field.key, field.min, field.max);
  header.check([&] { options.validate(); });
  return options;
}

}  // namespace geodex
