#pragma once
// Choosing t for the learned U-Net: where the truth is known. The data near a
// digit x₀ of Rotated MNIST is its rotation curve θ ↦ R_θ x₀, whose tangent dx/dθ is known (by
// central differences of the rotation). For noisy digits x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε at level t,
// the U-Net's score s = −ε̂/√(1−ᾱ_t) should point back to the curve: normal to it, along −ε.
// Per t: the fraction of s along the rotation tangent |s·τ̂|/‖s‖ (a random direction in R^d
// gives about 1/√d), the angle between s and the curve's normal space, the cosine between s and
// the true denoising direction −ε, and the metric's anisotropy 1 + λ‖s‖².
// Torch-free header: the model comes as a DigitDiffusionModel.
#include <Eigen/Dense>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry/metric_factory.h"
#include "core/util/solver_control.h"

namespace geodex {

class DigitDiffusionModel;

struct DigitNoiseLevelDiagnosisOptions {
  std::shared_ptr<const DigitDiffusionModel> model;
  Eigen::MatrixXd digits;  // [rows·cols × n] in [0, 1], the model's image size; 1 to kMaxDigits
  std::vector<int> timesteps{100, 200, 400, 600, 800};  // 1 to kMaxTimesteps levels in [1, T−1]
  int noiseDraws = 4;      // ε per digit and level, 1 to kMaxNoiseDraws
  double angleStep = 1.0;  // degrees of the central difference for dx/dθ, in (0, 10]
  MetricOptions metric;  // the score metric's λ (anisotropy only)
  std::uint64_t seed = 1;

  static constexpr int kMaxDigits = 64;
  static constexpr int kMaxTimesteps = 24;
  static constexpr int kMaxNoiseDraws = 64;
  static constexpr int kPaperTimestep = 400;  // the paper's choice (of T = 1000)
};

struct DigitNoiseLevelRow {
  int t = 0;
  double tangentFraction = 0.0;     // mean |s·τ̂|/‖s‖
  double normalAngleDegrees = 0.0;  // mean angle between s and the normal space
  double denoisingCosine = 0.0;     // mean cos(s, −ε)
  double meanAnisotropy = 0.0;      // mean 1 + λ‖s‖²
};

struct DigitNoiseLevelDiagnosis {
  std::string model;  // file
  int digits = 0;
  int dimension = 0;
  double randomTangentFraction = 0.0;  // E|u·τ̂| for a random unit u in R^d: √(2/(πd))
  std::vector<DigitNoiseLevelRow> rows;
  double seconds = 0.0;
};

// Throws InvalidArgumentError for a missing model, digits of the wrong size or count, levels
// outside the schedule and counts out of bounds; ModelError when the network breaks.
DigitNoiseLevelDiagnosis diagnoseDigitNoiseLevels(const DigitNoiseLevelDiagnosisOptions& options,
                                                  const SolverControl& control = {});

}  // namespace geodex
