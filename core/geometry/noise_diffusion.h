#pragma once
// The NoiseDiffusion baseline for interpolating noisy latents: Zheng, Zhang, Fang, Liu, Lian &
// Han, "NoiseDiffusion: Correcting Noise for Image Interpolation with Diffusion Models beyond
// Spherical Linear Interpolation", ICLR 2024.
//
// With x_a, x_b the two noisy latents at level t, x0_a, x0_b the clean latents they came from,
// ᾱ = ᾱ_t, ε ~ N(0, I) and s ∈ [0, 1]:
//   α = √(1 − γ²)·cos(πs/2),  β = √(1 − γ²)·sin(πs/2),
//   μ = k·α/(α + β),          ν = k·β/(α + β),
//   x(s) = clip( α·clip(x_a) + β·clip(x_b) + (μ − α)·√ᾱ·x0_a + (ν − β)·√ᾱ·x0_b + γ·√(1 − ᾱ)·ε ),
// clip(·) = elementwise clamp to [−c, c]. The noise of x_a, x_b is mixed spherically (α² + β²
// = 1 − γ², so with γ² the variance of unit noise is kept), while the signal is replaced by the
// boosted convex mix √ᾱ(μ·x0_a + ν·x0_b): the "correction" of SLERP's shrunken signal; clipping
// removes the extreme noise values the paper blames for SLERP's failures on natural images.
//
// Defaults (k = 1.2, γ = 0, c = 2) are those of the authors' public code
// (github.com/Tranquil1ty/NoiseDiffusion, controlnet/cm.py), where c applies to Stable
// Diffusion latents already multiplied by the VAE scale factor (0.18215). The formula is taken
// from that code; only the parametrisation of α, β by s (there: via l = α/β) is simplified to
// the equivalent closed form above, which is also defined at s = 0.
#include <Eigen/Dense>

namespace geodex {

struct NoiseDiffusionOptions {
  double signalBoost = 1.2;  // k: μ + ν = k
  double gamma = 0.0;        // weight of the fresh noise ε, in [0, 1)
  double clipBound = 2.0;    // c; ≤ 0 disables both clips
  // The formula does not return x_a at s = 0 (μ = k ≠ 1): keep the given noisy endpoints as
  // the first and last column, as the interpolation strip shows the inputs there.
  bool keepEndpoints = true;
  Eigen::VectorXd noise;  // ε, [d]; required when gamma > 0 (the pipeline's shared noise)
};

// One interpolant x(s), [d]. All vectors [d], alphaBar ∈ (0, 1], s ∈ [0, 1]. Throws
// InvalidArgumentError on mismatched sizes or out-of-range parameters.
Eigen::VectorXd noiseDiffusionPoint(const Eigen::VectorXd& noisyA, const Eigen::VectorXd& noisyB,
                                    const Eigen::VectorXd& cleanA, const Eigen::VectorXd& cleanB,
                                    double alphaBar, double s,
                                    const NoiseDiffusionOptions& options = {});

// The path at s = i/(points − 1), i = 0 … points − 1: [d × points], points ≥ 2.
Eigen::MatrixXd noiseDiffusionPath(const Eigen::VectorXd& noisyA, const Eigen::VectorXd& noisyB,
                                   const Eigen::VectorXd& cleanA, const Eigen::VectorXd& cleanB,
                                   double alphaBar, int points,
                                   const NoiseDiffusionOptions& options = {});

}  // namespace geodex
