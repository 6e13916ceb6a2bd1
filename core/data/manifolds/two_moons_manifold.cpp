#include "core/data/manifolds/two_moons_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

namespace {
// Parameter s ∈ [0, 2): [0, 1) is the upper moon, [1, 2) the lower one. Centred and scaled to
// fit in about [-1, 1]².
Eigen::Vector2d moonPoint(double s) {
  const double pi = std::numbers::pi;
  Eigen::Vector2d p;
  if (s < 1.0) {
    p << std::cos(pi * s), std::sin(pi * s);
  } else {
    const double t = pi * (s - 1.0);
    p << 1.0 - std::cos(t), 0.5 - std::sin(t);
  }
  return (p - Eigen::Vector2d(0.5, 0.25)) * 0.8;
}
}  // namespace

Eigen::MatrixXd TwoMoonsManifold::sample(int count, std::uint64_t seed) const {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> s(0.0, 2.0);
  Eigen::MatrixXd points(2, count);
  for (int i = 0; i < count; ++i) points.col(i) = moonPoint(s(rng));
  return points;
}

std::optional<Eigen::VectorXd> TwoMoonsManifold::project(const Eigen::VectorXd&) const {
  return std::nullopt;
}

Eigen::MatrixXd TwoMoonsManifold::parameterGrid(int, int cols) const {
  Eigen::MatrixXd points(2, cols);
  for (int j = 0; j < cols; ++j) points.col(j) = moonPoint(2.0 * j / std::max(cols - 1, 1) * 0.9999);
  return points;
}

bool TwoMoonsManifold::closedInU() const { return false; }

}  // namespace geodex
