#pragma once
// The checks of the Rotated MNIST experiment's inputs, made before anything is allocated
// (InvalidArgumentError naming the option).
#include <Eigen/Dense>

namespace geodex {

struct RotatedDigitGeodesicOptions;

// A digit vector of rows×cols pixels.
void checkDigitSize(const Eigen::VectorXd& digit, int rows, int cols);
// Every option against rows×cols digits, `digits` of them behind the exact score.
void checkRotatedDigitOptions(const RotatedDigitGeodesicOptions& options, int rows, int cols,
                              int digits);
// The learned model's level and DDIM steps against its schedule (InvalidArgumentError naming --t
// or the steps); nothing to check without a model. Fronts call it before slower preparations.
void checkModelLevel(const RotatedDigitGeodesicOptions& options);

}  // namespace geodex
