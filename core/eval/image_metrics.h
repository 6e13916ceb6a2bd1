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

// Peak signal-to-noise ratio 10·log₁₀(1 / MSE) in dB for data range 1; identical images (and
// anything above `capDecibels`) give `capDecibels`, so averages stay finite. Works on any
// equally long vectors (grey or all RGB values).
double peakSignalToNoiseRatio(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                              double capDecibels = 100.0);

// GMSD, gradient magnitude similarity deviation (Xue et al., IEEE TIP 2014): both images
// averaged 2 × 2 and downsampled by 2, Prewitt gradient magnitudes m₁, m₂ (borders replicated),
// GMS = (2m₁m₂ + c)/(m₁² + m₂² + c) with c = 170/255² (the paper's 170 for 8-bit data), and
// GMSD = standard deviation of the GMS map. 0 for identical images; larger is worse (≈ 0.35 at
// most in practice).
double gradientMagnitudeSimilarityDeviation(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                            int rows, int cols);

}  // namespace geodex
