#include "core/data/manifolds/circle_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

Eigen::MatrixXd CircleManifold::sample(int count, std::uint64_t seed) const {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> angle(0.0, 2 * std::numbers::pi);
  Eigen::MatrixXd points(2, count);
  for (int i = 0; i < count; ++i) {
    const double t = angle(rng);
    points.col(i) << std::cos(t), std::sin(t);
  }
  return points;
}

std::optional<Eigen::VectorXd> CircleManifold::project(const Eigen::VectorXd& x) const {
  const double r = x.norm();
  if (r == 0.0) return Eigen::Vector2d(1.0, 0.0);  // every point is nearest; pick one
  return Eigen::VectorXd(x / r);
}

Eigen::MatrixXd CircleManifold::parameterGrid(int, int cols) const {
  Eigen::MatrixXd points(2, cols);
  for (int j = 0; j < cols; ++j) {
    const double t = 2 * std::numbers::pi * j / cols;
    points.col(j) << std::cos(t), std::sin(t);
  }
  return points;
}

bool CircleManifold::closedInU() const { return true; }

}  // namespace geodex
