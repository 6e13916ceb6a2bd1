#pragma once
// The Rotated MNIST pipeline's last two steps for one path (docs/rotated-mnist.md): denoise every
// point, then measure it — against the true rotations (MSE, SSIM, recovered angles) when there is
// one digit, and by its energies and lengths under the paper's metric (midpoint rule, so methods
// stay comparable), the pullback metric and the refined polygon.
#include <Eigen/Dense>
#include <memory>
#include <string>

#include "core/eval/rotation_recovery.h"
#include "core/geometry/metric.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"
#include "core/util/solver_control.h"

namespace geodex {

class RotatedDigitLevel;
class ScoreModel;
struct GeodesicResult;
struct RotatedDigitGeodesicOptions;
struct RotatedDigitMethodResult;

class RotatedDigitPathMeasure {
 public:
  // `score` is the level's score at σ; `truth` the digit at the path's evenly spaced angles
  // (empty for two digits: no ground truth); `digit` the clean digit the rotations are of. The
  // level and the options must outlive this.
  RotatedDigitPathMeasure(const RotatedDigitLevel& level, std::shared_ptr<const ScoreModel> score,
                          const RotatedDigitGeodesicOptions& options, const Eigen::MatrixXd& truth,
                          const Eigen::VectorXd& digit, int rows, int cols);

  // `solve` (may be null) gives the method's cost. CancelledError when cancelled while denoising.
  void measure(const std::string& name, const Eigen::MatrixXd& path, const GeodesicResult* solve,
               RotatedDigitMethodResult& m, const SolverControl& control) const;

 private:
  void matchTruth(RotatedDigitMethodResult& m) const;
  void measureLengths(const Eigen::MatrixXd& path, RotatedDigitMethodResult& m) const;

  const RotatedDigitLevel& level_;
  const RotatedDigitGeodesicOptions& options_;
  std::shared_ptr<const ScoreModel> score_;
  Eigen::MatrixXd truth_;
  Eigen::VectorXd evenAngles_;
  std::unique_ptr<RotationRecovery> recovery_;  // null without a ground truth
  std::unique_ptr<Metric> paperMetric_, pullbackMetric_;
  RefinedPolygon refinement_;
};

}  // namespace geodex
