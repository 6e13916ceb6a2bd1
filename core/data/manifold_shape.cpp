#include "core/data/manifold_shape.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <random>

#include "core/util/errors.h"

namespace geodex {

namespace {

// `count` points of a curve point(s) [dimension] at parameters s drawn uniformly from [0, end).
template <class CurvePoint>
Eigen::MatrixXd sampleCurve(int dimension, int count, std::uint64_t seed, double end,
                            CurvePoint point) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> s(0.0, end);
  Eigen::MatrixXd points(dimension, count);
  for (int i = 0; i < count; ++i) points.col(i) = point(s(rng));
  return points;
}

// The unit circle in R².
namespace circle {

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
  return sampleCurve(2, count, seed, 2 * std::numbers::pi,
                     [](double t) { return Eigen::Vector2d(std::cos(t), std::sin(t)); });
}

std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) {
  const double r = x.norm();
  if (r == 0.0) return Eigen::Vector2d(1.0, 0.0);  // every point is nearest; pick one
  return Eigen::VectorXd(x / r);
}

Eigen::MatrixXd parameterGrid(int, int cols) {
  Eigen::MatrixXd points(2, cols);
  for (int j = 0; j < cols; ++j) {
    const double t = 2 * std::numbers::pi * j / cols;
    points.col(j) << std::cos(t), std::sin(t);
  }
  return points;
}

}  // namespace circle

// Two interleaved half circles (as in scikit-learn's make_moons, noise-free), centred at the
// origin.
namespace twomoons {

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

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
  return sampleCurve(2, count, seed, 2.0, moonPoint);
}

Eigen::MatrixXd parameterGrid(int, int cols) {
  Eigen::MatrixXd points(2, cols);
  for (int j = 0; j < cols; ++j)
    points.col(j) = moonPoint(2.0 * j / std::max(cols - 1, 1) * 0.9999);
  return points;
}

}  // namespace twomoons

// An Archimedean spiral r = θ/(3π), θ ∈ [π/2, 3π], inside the unit disc.
namespace spiral {

constexpr double kThetaMin = std::numbers::pi / 2;
constexpr double kThetaMax = 3 * std::numbers::pi;
Eigen::Vector2d spiralPoint(double theta) {
  const double r = theta / kThetaMax;
  return {r * std::cos(theta), r * std::sin(theta)};
}

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
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

Eigen::MatrixXd parameterGrid(int, int cols) {
  Eigen::MatrixXd points(2, cols);
  for (int j = 0; j < cols; ++j)
    points.col(j) = spiralPoint(kThetaMin + (kThetaMax - kThetaMin) * j / std::max(cols - 1, 1));
  return points;
}

}  // namespace spiral

// The unit sphere S² in R³.
namespace sphere {

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
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

std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) {
  const double r = x.norm();
  if (r == 0.0) return Eigen::Vector3d(0.0, 0.0, 1.0);
  return Eigen::VectorXd(x / r);
}

Eigen::MatrixXd parameterGrid(int rows, int cols) {
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

}  // namespace sphere

// A torus around the z axis: major radius 1, minor radius 0.4.
namespace torus {

constexpr double kMajor = 1.0;
constexpr double kMinor = 0.4;
Eigen::Vector3d torusPoint(double u, double v) {
  const double ring = kMajor + kMinor * std::cos(v);
  return {ring * std::cos(u), ring * std::sin(u), kMinor * std::sin(v)};
}

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
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

std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) {
  // Nearest point of the core circle, then of the tube around it.
  Eigen::Vector3d p = x;
  Eigen::Vector2d planar(p.x(), p.y());
  const Eigen::Vector2d dir =
      planar.norm() > 0 ? Eigen::Vector2d(planar.normalized()) : Eigen::Vector2d(1.0, 0.0);
  const Eigen::Vector3d centre(kMajor * dir.x(), kMajor * dir.y(), 0.0);
  Eigen::Vector3d offset = p - centre;
  if (offset.norm() == 0.0) offset = Eigen::Vector3d(dir.x(), dir.y(), 0.0);
  return Eigen::VectorXd(centre + kMinor * offset.normalized());
}

Eigen::MatrixXd parameterGrid(int rows, int cols) {
  Eigen::MatrixXd points(3, rows * cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      points.col(i * cols + j) =
          torusPoint(2 * std::numbers::pi * j / cols, 2 * std::numbers::pi * i / rows);
  return points;
}

}  // namespace torus

// A swiss roll: (t cos t, h, t sin t)/(4.5π) scaled, t ∈ [1.5π, 4.5π], h ∈ [-0.5, 0.5].
namespace swissroll {

constexpr double kTMin = 1.5 * std::numbers::pi;
constexpr double kTMax = 4.5 * std::numbers::pi;
Eigen::Vector3d rollPoint(double t, double h) {
  return {t * std::cos(t) / kTMax, h, t * std::sin(t) / kTMax};
}

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
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

Eigen::MatrixXd parameterGrid(int rows, int cols) {
  Eigen::MatrixXd points(3, rows * cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      points.col(i * cols + j) = rollPoint(kTMin + (kTMax - kTMin) * j / std::max(cols - 1, 1),
                                           rows > 1 ? -0.5 + double(i) / (rows - 1) : 0.0);
  return points;
}

}  // namespace swissroll

// A helix of radius 1, two turns, z from -0.6 to 0.6.
namespace helix {

constexpr double kTurns = 2.0;
constexpr double kHalfHeight = 0.6;
Eigen::Vector3d helixPoint(double s) {  // s ∈ [0, 1]
  const double t = 2 * std::numbers::pi * kTurns * s;
  return {std::cos(t), std::sin(t), -kHalfHeight + 2 * kHalfHeight * s};
}

Eigen::MatrixXd sample(int count, std::uint64_t seed) {
  // Constant speed in s, so uniform s is uniform in arc length.
  return sampleCurve(3, count, seed, 1.0, helixPoint);
}

Eigen::MatrixXd parameterGrid(int, int cols) {
  Eigen::MatrixXd points(3, cols);
  for (int j = 0; j < cols; ++j) points.col(j) = helixPoint(double(j) / std::max(cols - 1, 1));
  return points;
}

}  // namespace helix

}  // namespace

const ManifoldShape& manifoldShape(ManifoldKind kind) {
  static const ManifoldShape shapes[] = {
      {2, 1, true, false, circle::sample, circle::project, circle::parameterGrid},  // Circle
      {2, 1, false, false, twomoons::sample, nullptr, twomoons::parameterGrid},     // TwoMoons
      {2, 1, false, false, spiral::sample, nullptr, spiral::parameterGrid},         // Spiral
      {3, 2, true, false, sphere::sample, sphere::project, sphere::parameterGrid},  // Sphere
      {3, 2, true, true, torus::sample, torus::project, torus::parameterGrid},      // Torus
      {3, 2, false, false, swissroll::sample, nullptr, swissroll::parameterGrid},   // SwissRoll
      {3, 1, false, false, helix::sample, nullptr, helix::parameterGrid},           // Helix
  };
  const auto index = static_cast<std::size_t>(kind);
  if (index >= std::size(shapes)) throw InvalidArgumentError("unknown manifold kind");
  return shapes[index];
}

}  // namespace geodex
