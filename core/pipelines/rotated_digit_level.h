#pragma once
// Where the Rotated MNIST geodesic lives (docs/design.md §1, image pipeline): clean images taken
// to the noise level with ONE shared noise (x + σε for the exact score, x_t in the U-Net's
// [−1, 1] space for the model), the score the solver sees there, and the way back to images
// (Tweedie for the exact score, DDIM for the model).
#include <Eigen/Dense>
#include <memory>

#include "core/util/solver_control.h"

namespace geodex {

class DigitDiffusionModel;
class ScoreModel;
struct RotatedDigitGeodesicOptions;

class RotatedDigitLevel {
 public:
  // `options` must outlive this. The noise is drawn from options.seed (zero when not perturbed).
  RotatedDigitLevel(Eigen::Index pixels, const RotatedDigitGeodesicOptions& options);

  // Clean images [0, 1] (columns) → the geodesic's space and level.
  Eigen::MatrixXd toLevel(const Eigen::MatrixXd& clean) const;
  // The score at level `sigma` (exact: of `digits`' rotations, [rows·cols × m]); the model's
  // level t whatever `sigma` is.
  std::shared_ptr<const ScoreModel> scoreAt(const Eigen::MatrixXd& digits, int rows, int cols,
                                            double sigma) const;
  // The images of a path at the level: denoised (or, with denoising off, just unscaled); `score`
  // is scoreAt(σ). CancelledError when cancelled.
  Eigen::MatrixXd images(const Eigen::MatrixXd& path, const ScoreModel& score,
                         const SolverControl& control) const;

  const Eigen::VectorXd& unitNoise() const { return unitNoise_; }
  // ‖σε‖, or ‖√(1−ᾱ_t)ε‖ for the model; 0 when the ends are clean.
  double endpointNoiseNorm() const;

 private:
  const RotatedDigitGeodesicOptions& options_;
  const DigitDiffusionModel* diffusion_;
  Eigen::VectorXd unitNoise_;
};

}  // namespace geodex
