#pragma once
// Full-reference image metrics on grey images given as [rows·cols] vectors (row-major), values in
// [0, 1].
#include <Eigen/Dense>

namespace geodex {

// Mean squared error per pixel.
double meanSquaredError(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

// SSIM (Wang et al. 2004) with the usual settings: 11 × 11 Gaussian window of σ 1.5, data range
// 1, K₁ = 0.01, K₂ = 0.03, borders reflected; the mean of the SSIM map. 1 for identical images.
double structuralSimilarity(const Eigen::VectorXd& a, const Eigen::VectorXd& b, int rows, int cols);

}  // namespace geodex
