#pragma once
// Image grids as PNG: one grid row per sequence, one image per column. Grey rows are used for
// the Rotated MNIST strips (geodesic / LERP / SLERP / true rotation), RGB rows for the Stable
// Diffusion interpolations (one row per method).
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

// Each entry of `rows` is [imageRows·imageCols × n] (row-major images, values in [0, 1], clamped);
// rows may differ in n. Pixels are magnified `scale` times; 2·scale pixels of grey between images.
std::string encodeImageStripPng(const std::vector<Eigen::MatrixXd>& rows, int imageRows,
                                int imageCols, int scale = 2);

// RGB rows at their own resolution, `gap` pixels of grey around every image; images smaller
// than the largest one are centred in their cell. Throws InvalidArgumentError when empty.
std::string encodeRgbImageStripPng(const std::vector<std::vector<RgbImage>>& rows, int gap = 4);

}  // namespace geodex
