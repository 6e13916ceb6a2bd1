#pragma once
// Denoising score matching (Vincent 2011) of an MLP score network on samples of a synthetic
// manifold, in LibTorch on the chosen device. Variance-exploding view: x = y + σz, the network
// predicts z (ε̂), s = −ε̂/σ. Fixed σ by default — the most reliable way to learn the score at
// the level geodesics are computed at; a σ range makes the network σ-conditioned.
// Torch-free header.
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/score/mlp_score_model.h"
#include "core/diffusion/training_run.h"
#include "core/util/device.h"
#include "core/util/solver_control.h"

namespace geodex {

struct ScoreMatchingOptions {
  double sigma = 0.1;     // training σ (docs/design.md's sphere default) and evaluation level
  double sigmaMax = 0.0;  // > sigma: σ drawn log-uniformly from [sigma, sigmaMax] per sample
  // Defaults reach the bar on the sphere (mean cosine ≥ 0.95 to the exact score) in
  // ~10 s on one core: 3000 steps at 1e-2 beat 4000 at 2e-3 (cosine 0.977 vs 0.946).
  int steps = 3000;
  int batchSize = 256;
  double learningRate = 1e-2;  // Adam, cosine decay to finalLearningRateFraction×
  double finalLearningRateFraction = 0.02;
  int hiddenWidth = 64;
  int hiddenLayers = 3;
  int levelFeatures = 16;
  std::uint64_t seed = 1;
  DeviceChoice device = DeviceChoice::Auto;
  // LibTorch intra-op threads of the calling thread (0: all cores). One by default: the MLP's
  // ops are too small to split — 2 threads were no faster on a quiet machine and 5–30× slower on
  // a busy one even with passive OpenMP waiting (docs/benchmarks.md).
  int threads = 1;
  std::string data;  // name of the data, stored in the model
};

// lossCurve: the DSM loss E‖ε̂ − z‖²/d of every step's batch.
struct ScoreMatchingResult : TrainingRun {
  std::shared_ptr<MlpScoreModel> model;  // trained
};

class ScoreMatchingTrainer {
 public:
  // Throws InvalidArgumentError on absurd options (σ ≤ 0, steps < 1, a network or batch over
  // the limits of MlpScoreModelConfig and training_limits.h, ...), before anything is allocated.
  explicit ScoreMatchingTrainer(ScoreMatchingOptions options);

  // samples [d × N], N ≥ 1. Checks control once per step: cancellation stops before the next
  // step; progress(fraction, step, loss) after every step. LibTorch errors and bad_alloc come
  // out as one-line geodex errors (library_errors.h).
  ScoreMatchingResult train(const Eigen::MatrixXd& samples, const SolverControl& control = {}) const;

  const ScoreMatchingOptions& options() const { return options_; }

 private:
  MlpScoreModelConfig networkConfig(int dimension) const;
  ScoreMatchingResult trainChecked(const Eigen::MatrixXd& samples,
                                   const MlpScoreModelConfig& config,
                                   const SolverControl& control) const;

  ScoreMatchingOptions options_;
};

ScoreMatchingResult trainScoreModel(const Eigen::MatrixXd& samples,
                                    const ScoreMatchingOptions& options = {},
                                    const SolverControl& control = {});

}  // namespace geodex
