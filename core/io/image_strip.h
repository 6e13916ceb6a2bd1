#pragma once
// A grid of grey images as PNG: one grid row per matrix, one image per column. Used for the
// Rotated MNIST strips (geodesic / LERP / SLERP / true rotation).
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace geodex {

// Each entry of `rows` is [imageRows·imageCols × n] (row-major images, values in [0, 1], clamped);
// rows may differ in n. Pixels are magnified `scale` times; 2·scale pixels of grey between images.
std::string encodeImageStripPng(const std::vector<Eigen::MatrixXd>& rows, int imageRows,
                                int imageCols, int scale = 2);
// Written atomically; throws IoError naming the path.
void writeImageStripPng(const std::string& path, const std::vector<Eigen::MatrixXd>& rows,
                        int imageRows, int imageCols, int scale = 2);

}  // namespace geodex
