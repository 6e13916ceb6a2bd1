#include "core/data/manifolds/swiss_roll_manifold.h"

#include <numbers>
#include <random>

namespace geodex {

namespace {
constexpr double kTMin = 1.5 * std::numbers::pi;
constexpr double kTMax = 4.5 * std::numbers::pi;
Eigen::Vector3d rollPoint(double t, double h) {
  return {t * std::cos(t) / kTMax, h, t * std::sin(t) / kTMax};
}
}  // namespace

Eigen::MatrixXd SwissRollManifold::sample(int count, std::uint64_t seed) const {
  // Uniform in area: the area element is ∝ sqrt(1 + t²); rejection sampling on t.
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> t(kTMin, kTMax), h(-0.5, 0.5), u(0.0, 1.0);
  const double maxSpeed = std::sqrt(1 + kTMax * kTMax);
  Eigen::MatrixXd points(3, count);
  for (int i = 0; i < count;) {
    const double ti = t(rng);
    if (u(rng) * maxSpeed <= std::sqrt(1 + ti * ti)) points.col(i++) = rollPoint(ti, h(rng));
  }
  return points;
}

std::optional<Eigen::VectorXd> SwissRollManifold::project(const Eigen::VectorXd&) const {
  return std::nullopt;
}

Eigen::MatrixXd SwissRollManifold::parameterGrid(int rows, int cols) const {
  Eigen::MatrixXd points(3, rows * cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      points.col(i * cols + j) =
          rollPoint(kTMin + (kTMax - kTMin) * j / std::max(cols - 1, 1),
                    rows > 1 ? -0.5 + double(i) / (rows - 1) : 0.0);
  return points;
}

bool SwissRollManifold::closedInU() const { return false; }

}  // namespace geodex
