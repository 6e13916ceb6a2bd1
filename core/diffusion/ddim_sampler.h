#pragma once
// Deterministic DDIM denoising (Song et al. 2021, η = 0) from level t to a clean sample, and the
// shared-noise perturbation of the paper's image pipeline: both endpoints go to level t with the
// same ε, the path is optimised there, then every path point is denoised. Includes LibTorch.
#include <cstdint>
#include <vector>

#include "core/diffusion/epsilon_model.h"
#include "core/diffusion/noise_schedule.h"
#include "core/util/solver_control.h"

namespace geodex {

struct DdimOptions {
  int steps = 50;      // K model evaluations per sample (fewer when t + 1 < K)
  int batchSize = 16;  // samples denoised together
  // LibTorch intra-op threads of the calling thread (0: all cores, with passive waiting: torch_threads.h).
  int threads = 0;
};

struct DdimResult {
  torch::Tensor samples;        // x̂₀, shaped and typed like the input, on the model's device
  std::vector<int> timesteps;   // visited levels τ_K = t > … > τ_1 (then ᾱ = 1)
  long long modelEvaluations = 0;  // samples × steps actually run
  double seconds = 0.0;
};

class DdimSampler {
 public:
  // The schedule must be the one the model was trained with. InvalidArgumentError on steps < 1.
  DdimSampler(const EpsilonModel& model, NoiseSchedule schedule, DdimOptions options = {});

  // x_t [B, sampleShape...] at timestep t → x̂₀. Batched by options.batchSize; cancellation is
  // checked before each model call, progress(fraction, call, 0) after each.
  DdimResult denoise(const torch::Tensor& xt, int t, const SolverControl& control = {}) const;

  // τ_i = round(i·t/K), i = K … 1, with K = min(steps, max(t, 1)).
  std::vector<int> timesteps(int t) const;

 private:
  const EpsilonModel& model_;
  NoiseSchedule schedule_;
  DdimOptions options_;
};

// x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε for a batch x₀ [B, ...] and ε broadcastable to it.
torch::Tensor perturbToLevel(const torch::Tensor& x0, const torch::Tensor& noise,
                             const NoiseSchedule& schedule, int t);

struct SharedNoisePerturbation {
  torch::Tensor first, second;  // the endpoints at level t, shaped like the inputs
  torch::Tensor noise;          // the one ε both share
};

// Both endpoints (same shape, e.g. [C, H, W] or [1, C, H, W]) to level t with one ε ~ N(0, I)
// drawn from `seed` (a CPU generator: the same ε on every device).
SharedNoisePerturbation perturbWithSharedNoise(const torch::Tensor& first,
                                               const torch::Tensor& second,
                                               const NoiseSchedule& schedule, int t,
                                               std::uint64_t seed);

}  // namespace geodex
