#include "core/data/manifolds/spiral_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

namespace {
constexpr double kThetaMin = std::numbers::pi / 2;
constexpr double kThetaMax = 3 * std::numbers::pi;
Eigen::Vector2d spiralPoint(double theta) {
  const double r = theta / kThetaMax;
  return {r * std::cos(theta), r * std::sin(theta)};
}
}  // namespace

Eigen::MatrixXd SpiralManifold::sample(int count, std::uint64_t seed) const {
  // Uniform in arc length: density ∝ |dγ/dθ| = sqrt(1 + θ²)/θmax; rejection sampling.
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> theta(kThetaMin, kThetaMax), u(0.0, 1.0);
  const double maxSpeed = std::sqrt(1 + kThetaMax * kThetaMax);
  Eigen::MatrixXd points(2, count);
  for (int i = 0; i < count;) {
    const double t = theta(rng);
    if (u(rng) * maxSpeed <= std::sqrt(1 + t * t)) points.col(i++) = spiralPoint(t);
  }
  return points;
}

std::optional<Eigen::VectorXd> SpiralManifold::project(const Eigen::VectorXd&) const {
  return std::nullopt;
}

Eigen::MatrixXd SpiralManifold::parameterGrid(int, int cols) const {
  Eigen::MatrixXd points(2, cols);
  for (int j = 0; j < cols; ++j)
    points.col(j) = spiralPoint(kThetaMin + (kThetaMax - kThetaMin) * j / std::max(cols - 1, 1));
  return points;
}

bool SpiralManifold::closedInU() const { return false; }

}  // namespace geodex
