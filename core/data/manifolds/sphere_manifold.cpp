#include "core/data/manifolds/sphere_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

Eigen::MatrixXd SphereManifold::sample(int count, std::uint64_t seed) const {
  // Normalised Gaussians are uniform on the sphere.
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd points(3, count);
  for (int i = 0; i < count; ++i) {
    Eigen::Vector3d g;
    do {
      g << normal(rng), normal(rng), normal(rng);
    } while (g.norm() < 1e-12);
    points.col(i) = g.normalized();
  }
  return points;
}

std::optional<Eigen::VectorXd> SphereManifold::project(const Eigen::VectorXd& x) const {
  const double r = x.norm();
  if (r == 0.0) return Eigen::Vector3d(0.0, 0.0, 1.0);
  return Eigen::VectorXd(x / r);
}

Eigen::MatrixXd SphereManifold::parameterGrid(int rows, int cols) const {
  // u = longitude (closed), v = colatitude from pole to pole.
  Eigen::MatrixXd points(3, rows * cols);
  for (int i = 0; i < rows; ++i) {
    const double v = std::numbers::pi * i / std::max(rows - 1, 1);
    for (int j = 0; j < cols; ++j) {
      const double u = 2 * std::numbers::pi * j / cols;
      points.col(i * cols + j) << std::sin(v) * std::cos(u), std::sin(v) * std::sin(u), std::cos(v);
    }
  }
  return points;
}

bool SphereManifold::closedInU() const { return true; }

}  // namespace geodex
