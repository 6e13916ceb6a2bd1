#pragma once
// Baseline paths between two points, [d × points] including both ends.
#include <Eigen/Dense>

namespace geodex {

// Straight line, evenly spaced.
Eigen::MatrixXd lerpPath(const Eigen::VectorXd& from, const Eigen::VectorXd& to, int points);
// Spherical interpolation sin((1−t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, Ω the angle between a and b
// (the usual interpolation of diffusion noise). Falls back to LERP when a, b are (anti)parallel
// or zero, where SLERP is undefined.
Eigen::MatrixXd slerpPath(const Eigen::VectorXd& from, const Eigen::VectorXd& to, int points);

}  // namespace geodex
