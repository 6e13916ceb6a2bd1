#include "core/data/manifolds/torus_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

namespace {
constexpr double kMajor = 1.0;
constexpr double kMinor = 0.4;
Eigen::Vector3d torusPoint(double u, double v) {
  const double ring = kMajor + kMinor * std::cos(v);
  return {ring * std::cos(u), ring * std::sin(u), kMinor * std::sin(v)};
}
}  // namespace

Eigen::MatrixXd TorusManifold::sample(int count, std::uint64_t seed) const {
  // Uniform in area: the area element is ∝ (R + r cos v); rejection sampling on v.
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> angle(0.0, 2 * std::numbers::pi), u01(0.0, 1.0);
  Eigen::MatrixXd points(3, count);
  for (int i = 0; i < count;) {
    const double u = angle(rng), v = angle(rng);
    if (u01(rng) * (kMajor + kMinor) <= kMajor + kMinor * std::cos(v))
      points.col(i++) = torusPoint(u, v);
  }
  return points;
}

std::optional<Eigen::VectorXd> TorusManifold::project(const Eigen::VectorXd& x) const {
  // Nearest point of the core circle, then of the tube around it.
  Eigen::Vector3d p = x;
  Eigen::Vector2d planar(p.x(), p.y());
  const Eigen::Vector2d dir = planar.norm() > 0 ? Eigen::Vector2d(planar.normalized())
                                                : Eigen::Vector2d(1.0, 0.0);
  const Eigen::Vector3d centre(kMajor * dir.x(), kMajor * dir.y(), 0.0);
  Eigen::Vector3d offset = p - centre;
  if (offset.norm() == 0.0) offset = Eigen::Vector3d(dir.x(), dir.y(), 0.0);
  return Eigen::VectorXd(centre + kMinor * offset.normalized());
}

Eigen::MatrixXd TorusManifold::parameterGrid(int rows, int cols) const {
  Eigen::MatrixXd points(3, rows * cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      points.col(i * cols + j) =
          torusPoint(2 * std::numbers::pi * j / cols, 2 * std::numbers::pi * i / rows);
  return points;
}

bool TorusManifold::closedInU() const { return true; }
bool TorusManifold::closedInV() const { return true; }

}  // namespace geodex
