#pragma once
// DDPM noise schedules (Ho et al. 2020; cosine: Nichol & Dhariwal 2021) and the conversion
// between an ε-prediction and the score. Timesteps are 0-based as in PyTorch/diffusers:
// t ∈ [0, T−1], ᾱ_t = ∏_{s≤t} (1 − β_s), x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε and
// s(x_t) = −ε/√(1−ᾱ_t) (docs/design.md §1). Torch-free: usable from any code.
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace geodex {

// ScaledLinear: Stable Diffusion's β_t = (√β_start + (√β_end − √β_start)·t/(T−1))²
// (diffusers' "scaled_linear", β 0.00085 … 0.012).
enum class NoiseScheduleKind { Linear, Cosine, ScaledLinear };

struct NoiseScheduleOptions {
  NoiseScheduleKind kind = NoiseScheduleKind::Linear;
  int timesteps = 1000;      // T
  double betaStart = 1e-4;   // linear and scaled-linear schedules (DDPM defaults)
  double betaEnd = 0.02;
  double cosineOffset = 0.008;  // s of the cosine schedule
  double maxBeta = 0.999;       // cosine betas are clipped here (avoids β = 1 at t = T−1)
};

class NoiseSchedule {
 public:
  // The paper's diffusion level (t = 400 of 1000).
  static constexpr int kPaperTimestep = 400;
  // Longer schedules are refused before their tables are allocated (DDPM and SD use 1000).
  static constexpr int kMaxTimesteps = 100000;

  // Throws InvalidArgumentError on T outside [1, kMaxTimesteps], betas outside (0, 1) or a
  // non-finite cosine offset.
  explicit NoiseSchedule(const NoiseScheduleOptions& options = {});
  static NoiseSchedule linear(int timesteps = 1000, double betaStart = 1e-4, double betaEnd = 0.02);
  static NoiseSchedule cosine(int timesteps = 1000, double offset = 0.008);
  // Stable Diffusion 1.x/2.x's schedule.
  static NoiseSchedule scaledLinear(int timesteps = 1000, double betaStart = 0.00085,
                                    double betaEnd = 0.012);

  NoiseScheduleKind kind() const { return kind_; }
  int timesteps() const { return static_cast<int>(betas_.size()); }
  // All of these throw InvalidArgumentError for t outside [0, T−1].
  double beta(int t) const;
  double alpha(int t) const { return 1.0 - beta(t); }
  double alphaBar(int t) const;
  // Noise standard deviation √(1−ᾱ_t) of x_t given x₀ (σ_t in docs/design.md's notation).
  double sigma(int t) const;
  // Signal scale √ᾱ_t.
  double signalScale(int t) const;

  // s = −ε/√(1−ᾱ_t) and back. Matrices of any shape (columns = points).
  Eigen::MatrixXd scoreFromEpsilon(const Eigen::MatrixXd& epsilon, int t) const;
  Eigen::MatrixXd epsilonFromScore(const Eigen::MatrixXd& score, int t) const;
  // The factor −1/√(1−ᾱ_t) with s = factor·ε (for tensors).
  double scoreFactor(int t) const { return -1.0 / sigma(t); }

  const std::vector<double>& alphaBars() const { return alphaBars_; }

 private:
  void checkTimestep(int t) const;

  NoiseScheduleKind kind_;
  std::vector<double> betas_;
  std::vector<double> alphaBars_;
};

class CheckpointHeader;
// The schedule stored in a checkpoint's header (schedule, timesteps, beta_start, beta_end,
// cosine_offset, max_beta), range-checked; ModelError naming the file and the key.
NoiseScheduleOptions noiseScheduleFromHeader(const CheckpointHeader& header);

NoiseScheduleKind parseNoiseScheduleKind(const std::string& text);
std::string toString(NoiseScheduleKind kind);

}  // namespace geodex
