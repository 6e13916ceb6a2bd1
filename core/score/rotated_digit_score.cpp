#include "core/score/rotated_digit_score.h"

#include "core/data/rotated_mnist.h"
#include "core/util/errors.h"

namespace geodex {

std::shared_ptr<EmpiricalScore> makeRotatedDigitScore(const Eigen::MatrixXd& digits, int rows,
                                                      int cols, int rotations, double sigma) {
  if (rotations < 2)
    throw InvalidArgumentError("the rotated-digit score needs at least 2 rotations, got " +
                               std::to_string(rotations));
  const Eigen::VectorXd angles = evenlySpacedAngles(0.0, 360.0, rotations, false);
  if (digits.cols() < 1) throw InvalidArgumentError("the rotated-digit score needs a digit");
  Eigen::MatrixXd copies(digits.rows(), digits.cols() * rotations);
  for (Eigen::Index k = 0; k < digits.cols(); ++k)
    copies.middleCols(k * rotations, rotations) =
        rotatedCopies(digits.col(k), rows, cols, angles);
  return std::make_shared<EmpiricalScore>(std::move(copies), sigma, "rotated-digit");
}

}  // namespace geodex
