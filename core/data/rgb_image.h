#pragma once
// An RGB image as a flat float vector, the layout the diffusion pipeline feeds to its networks.
#include <Eigen/Dense>

namespace geodex {

// Layout: CHW, channel-major — pixels[(c·rows + y)·cols + x] for channel c ∈ {R, G, B},
// row y, column x; i.e. a [3 × rows × cols] tensor flattened like torch's contiguous layout, so
// it maps to a [1, 3, rows, cols] model input without reshuffling. Values in [0, 1] (not clamped
// here: the I/O functions clamp when they quantise).
struct RgbImage {
  int rows = 0;
  int cols = 0;
  Eigen::VectorXf pixels;  // [3·rows·cols]

  RgbImage() = default;
  // Black image of the given size; throws InvalidArgumentError for a non-positive size.
  RgbImage(int rows, int cols);
  // Wraps CHW values; throws InvalidArgumentError if the size does not match 3·rows·cols.
  RgbImage(int rows, int cols, Eigen::VectorXf chw);

  bool empty() const { return pixels.size() == 0; }
  float& at(int channel, int y, int x) {
    return pixels[(Eigen::Index(channel) * rows + y) * cols + x];
  }
  float at(int channel, int y, int x) const {
    return pixels[(Eigen::Index(channel) * rows + y) * cols + x];
  }

  // [0, 1] → [−1, 1], the range of Stable Diffusion's VAE, as a CHW vector.
  Eigen::VectorXf toSignedRange() const;
  // [−1, 1] CHW values → image in [0, 1] (values outside are kept; clamp happens on output).
  static RgbImage fromSignedRange(int rows, int cols, const Eigen::VectorXf& chw);
  // Luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) as a row-major [rows·cols] vector,
  // the input of the grey full-reference metrics in core/eval/image_metrics.h.
  Eigen::VectorXd luma() const;
};

}  // namespace geodex
