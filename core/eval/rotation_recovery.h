#pragma once
// Ground truth for paths between two rotations of one digit: every path image is matched to the
// closest true rotation (by MSE) on a fine grid of angles, which gives its recovered angle and its
// distance to the rotation manifold; the recovered angles should move monotonically.
#include <Eigen/Dense>
#include <vector>

namespace geodex {

struct RotationMatch {
  double angle = 0.0;  // recovered angle, degrees: the closest true rotation
  double mse = 0.0;    // MSE to that rotation
  double ssim = 0.0;   // SSIM to that rotation
};

class RotationRecovery {
 public:
  // The digit [rows·cols] in [0, 1] at `angles` (degrees, e.g. the interval [θ₁, θ₂] in 1° steps).
  RotationRecovery(const Eigen::VectorXd& digit, int rows, int cols, Eigen::VectorXd angles);

  RotationMatch match(const Eigen::VectorXd& image) const;
  // One match per column of images [rows·cols × n].
  std::vector<RotationMatch> matchAll(const Eigen::MatrixXd& images) const;

  const Eigen::MatrixXd& references() const { return references_; }
  const Eigen::VectorXd& angles() const { return angles_; }

 private:
  int rows_, cols_;
  Eigen::VectorXd angles_;
  Eigen::MatrixXd references_;  // [rows·cols × angles]
  Eigen::VectorXd referenceSquaredNorms_;
};

// True when the angles move from `from` towards `to` without stepping back by more than
// `tolerance` degrees between neighbours.
bool isMonotonic(const std::vector<double>& angles, double from, double to, double tolerance);
// The largest |step| between neighbouring angles (the even ideal is |to − from|/(n − 1)).
double largestAngleStep(const std::vector<double>& angles);

}  // namespace geodex
