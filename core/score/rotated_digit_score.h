#pragma once
// The exact score of one digit's rotations smoothed by N(0, σ²I): the empirical score of
// `rotations` copies of the digit at evenly spaced angles over the full turn. The data manifold is
// a closed curve in R^(rows·cols); with 1° steps the copies are dense enough that the smoothed
// measure is that of the curve (neighbouring copies are closer than σ; see docs/rotated-mnist.md).
#include <Eigen/Dense>
#include <memory>

#include "core/score/empirical_score.h"

namespace geodex {

// digits: one digit per column, [rows·cols] in [0, 1] (a vector for one digit; several digits
// give the mixture of their rotation curves). Throws InvalidArgumentError unless rotations ≥ 2
// and σ > 0.
std::shared_ptr<EmpiricalScore> makeRotatedDigitScore(const Eigen::MatrixXd& digits, int rows,
                                                      int cols, int rotations, double sigma);

}  // namespace geodex
