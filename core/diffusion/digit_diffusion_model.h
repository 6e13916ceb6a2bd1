#pragma once
// geodex's U-Net ε-model of small grey images (resources/models/rotated-mnist-unet.pt) behind a
// torch-free interface, for the Rotated MNIST pipeline, its CLI and its window. Images are Eigen
// columns in [0, 1]; the model works in [−1, 1] (its training range), and paths live at a
// diffusion level t there: x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε.
#include <Eigen/Dense>
#include <memory>
#include <string>

#include "core/diffusion/noise_schedule.h"
#include "core/util/device.h"
#include "core/util/solver_control.h"

namespace geodex {

class ScoreModel;
class UnetEpsilonModel;

class DigitDiffusionModel {
 public:
  // Throws IoError (missing or unreadable file) or ModelError (not a U-Net checkpoint, or one
  // whose samples are not single-channel images).
  static std::shared_ptr<const DigitDiffusionModel> load(const std::string& path,
                                                         DeviceChoice device = DeviceChoice::Auto);
  explicit DigitDiffusionModel(std::shared_ptr<UnetEpsilonModel> network, std::string path = {});

  const std::string& path() const { return path_; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  const NoiseSchedule& schedule() const { return schedule_; }
  std::string deviceName() const;

  // [0, 1] pixels → the model's [−1, 1], and back (clamped to [0, 1]).
  static Eigen::MatrixXd toModelSpace(const Eigen::MatrixXd& images);
  static Eigen::MatrixXd toImageSpace(const Eigen::MatrixXd& samples);
  // Level-t samples shown as images without denoising: x_t/√ᾱ_t back in [0, 1] (the live path,
  // and the pipeline's "no denoising" images).
  Eigen::MatrixXd unscaledImages(const Eigen::MatrixXd& samples, int t) const;
  // x₀ (model space, columns) to level t with the unit noise ε (one column, shared by all).
  Eigen::MatrixXd perturb(const Eigen::MatrixXd& clean, const Eigen::VectorXd& unitNoise,
                          int t) const;

  // s(x) = −ε̂(x, t)/√(1−ᾱ_t) over model-space columns (d = rows·cols), with Jacobian products by
  // autograd: what the geodesic solvers take. InvalidArgumentError for t outside the schedule.
  std::shared_ptr<const ScoreModel> scoreAt(int t) const;

  // Deterministic DDIM (η = 0, `steps` model calls per sample) from level t to clean images in
  // [0, 1]. CancelledError when cancelled; progress(fraction, call, 0).
  Eigen::MatrixXd denoise(const Eigen::MatrixXd& samples, int t, int steps,
                          const SolverControl& control = {}) const;

 private:
  std::shared_ptr<UnetEpsilonModel> network_;
  std::string path_;
  NoiseSchedule schedule_;
  int rows_ = 0, cols_ = 0;
};

}  // namespace geodex
