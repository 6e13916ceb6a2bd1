#include "core/score/rotated_digit_score.h"

#include "core/data/rotated_mnist.h"
#include "core/util/errors.h"

namespace geodex {

std::shared_ptr<EmpiricalScore> makeRotatedDigitScore(const Eigen::VectorXd& digit, int rows,
                                                      int cols, int rotations, double sigma) {
  if (rotations < 2)
    throw InvalidArgumentError("the rotated-digit score needs at least 2 rotations, got " +
                               std::to_string(rotations));
  const Eigen::VectorXd angles = evenlySpacedAngles(0.0, 360.0, rotations, false);
  return std::make_shared<EmpiricalScore>(rotatedCopies(digit, rows, cols, angles), sigma,
                                          "rotated-digit");
}

}  // namespace geodex
