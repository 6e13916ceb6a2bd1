#include "core/pipelines/rotated_digit_level.h"

#include <random>

#include "core/diffusion/digit_diffusion_model.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/score/parallel_score_model.h"
#include "core/score/rotated_digit_score.h"
#include "core/score/score_model.h"

namespace geodex {

RotatedDigitLevel::RotatedDigitLevel(Eigen::Index pixels,
                                     const RotatedDigitGeodesicOptions& options)
    : options_(options),
      diffusion_(options.model.get()),
      unitNoise_(Eigen::VectorXd::Zero(pixels)) {
  if (!options.perturb) return;
  // The same ε for both ends (docs/design.md §1): their difference stays the clean difference.
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (Eigen::Index i = 0; i < unitNoise_.size(); ++i) unitNoise_[i] = normal(rng);
}

Eigen::MatrixXd RotatedDigitLevel::toLevel(const Eigen::MatrixXd& clean) const {
  if (diffusion_)
    return diffusion_->perturb(DigitDiffusionModel::toModelSpace(clean), unitNoise_,
                               options_.timestep);
  Eigen::MatrixXd noisy = clean;
  noisy.colwise() += options_.sigma * unitNoise_;
  return noisy;
}

std::shared_ptr<const ScoreModel> RotatedDigitLevel::scoreAt(const Eigen::MatrixXd& digits,
                                                             int rows, int cols,
                                                             double sigma) const {
  // The U-Net's batches split over the cores (parallel_score_model.h); built here, on the thread
  // that solves, so that its threads share that thread's priority.
  if (diffusion_)
    return std::make_shared<ParallelScoreModel>(diffusion_->scoreAt(options_.timestep), 0);
  return makeRotatedDigitScore(digits, rows, cols, options_.rotations, sigma);
}

Eigen::MatrixXd RotatedDigitLevel::images(const Eigen::MatrixXd& path, const ScoreModel& score,
                                          const SolverControl& control) const {
  if (!diffusion_) {
    // Tweedie: x + σ² s(x) = E[clean | x] for the smoothed empirical measure.
    if (!options_.denoise) return path;
    return path + options_.sigma * options_.sigma * score.score(path);
  }
  if (!options_.denoise) return diffusion_->unscaledImages(path, options_.timestep);
  return diffusion_->denoise(path, options_.timestep, options_.ddimSteps, control);
}

double RotatedDigitLevel::endpointNoiseNorm() const {
  if (!options_.perturb) return 0.0;
  const double scale =
      diffusion_ ? diffusion_->schedule().sigma(options_.timestep) : options_.sigma;
  return scale * unitNoise_.norm();
}

}  // namespace geodex
