#include "core/eval/rotation_recovery.h"

#include <cmath>

#include "core/data/rotated_mnist.h"
#include "core/eval/image_metrics.h"
#include "core/util/errors.h"

namespace geodex {

RotationRecovery::RotationRecovery(const Eigen::VectorXd& digit, int rows, int cols,
                                   Eigen::VectorXd angles)
    : rows_(rows), cols_(cols), angles_(std::move(angles)) {
  if (angles_.size() == 0) throw InvalidArgumentError("rotation recovery needs at least one angle");
  references_ = rotatedCopies(digit, rows, cols, angles_);
  referenceSquaredNorms_ = references_.colwise().squaredNorm().transpose();
}

RotationMatch RotationRecovery::match(const Eigen::VectorXd& image) const {
  if (image.size() != references_.rows())
    throw InvalidArgumentError("rotation recovery: image has " + std::to_string(image.size()) +
                               " pixels, expected " + std::to_string(references_.rows()));
  // ‖x − yᵢ‖² = ‖yᵢ‖² − 2 yᵢᵀx + ‖x‖²: one matrix–vector product for all angles.
  const Eigen::VectorXd distances = referenceSquaredNorms_ - 2.0 * references_.transpose() * image;
  Eigen::Index best = 0;
  distances.minCoeff(&best);
  RotationMatch m;
  m.angle = angles_[best];
  m.mse = meanSquaredError(image, references_.col(best));
  m.ssim = structuralSimilarity(image, references_.col(best), rows_, cols_);
  return m;
}

std::vector<RotationMatch> RotationRecovery::matchAll(const Eigen::MatrixXd& images) const {
  std::vector<RotationMatch> matches;
  matches.reserve(std::size_t(images.cols()));
  for (Eigen::Index j = 0; j < images.cols(); ++j) matches.push_back(match(images.col(j)));
  return matches;
}

bool isMonotonic(const std::vector<double>& angles, double from, double to, double tolerance) {
  const double direction = to >= from ? 1.0 : -1.0;
  for (std::size_t i = 1; i < angles.size(); ++i)
    if (direction * (angles[i] - angles[i - 1]) < -tolerance) return false;
  return true;
}

double largestAngleStep(const std::vector<double>& angles) {
  double largest = 0.0;
  for (std::size_t i = 1; i < angles.size(); ++i)
    largest = std::max(largest, std::abs(angles[i] - angles[i - 1]));
  return largest;
}

}  // namespace geodex
