#include "core/data/manifolds/helix_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

namespace {
constexpr double kTurns = 2.0;
constexpr double kHalfHeight = 0.6;
Eigen::Vector3d helixPoint(double s) {  // s ∈ [0, 1]
  const double t = 2 * std::numbers::pi * kTurns * s;
  return {std::cos(t), std::sin(t), -kHalfHeight + 2 * kHalfHeight * s};
}
}  // namespace

Eigen::MatrixXd HelixManifold::sample(int count, std::uint64_t seed) const {
  // Constant speed in s, so uniform s is uniform in arc length.
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> s(0.0, 1.0);
  Eigen::MatrixXd points(3, count);
  for (int i = 0; i < count; ++i) points.col(i) = helixPoint(s(rng));
  return points;
}

std::optional<Eigen::VectorXd> HelixManifold::project(const Eigen::VectorXd&) const {
  return std::nullopt;
}

Eigen::MatrixXd HelixManifold::parameterGrid(int, int cols) const {
  Eigen::MatrixXd points(3, cols);
  for (int j = 0; j < cols; ++j) points.col(j) = helixPoint(double(j) / std::max(cols - 1, 1));
  return points;
}

bool HelixManifold::closedInU() const { return false; }

}  // namespace geodex
