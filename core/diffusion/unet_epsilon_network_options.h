#pragma once
// The shape of geodex's U-Net ε-network (unet_epsilon_network.h), with the limits a config from
// a front or a checkpoint's header is checked against before a network is built. Torch-free.
namespace geodex {

class CheckpointHeader;

struct UnetEpsilonNetworkOptions {
  int imageChannels = 1;
  int imageSize = 28;     // height = width; must be divisible by 4
  int baseChannels = 32;  // channels at full resolution; 2× below
  int timeFeatures = 64;  // sinusoidal timestep features
  int groups = 8;         // GroupNorm groups (divides baseChannels)

  static constexpr int kMaxImageChannels = 16;
  static constexpr int kMaxImageSize = 256;
  static constexpr int kMaxBaseChannels = 256;  // ≈ 60 M parameters
  static constexpr int kMaxTimeFeatures = 1024;

  // Throws InvalidArgumentError naming the field, its value and the accepted range.
  void validate() const;
  // From a "geodex-unet-epsilon" checkpoint's header; ModelError naming the file and the key.
  static UnetEpsilonNetworkOptions fromHeader(const CheckpointHeader& header);
};

}  // namespace geodex
