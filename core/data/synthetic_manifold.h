#pragma once
// A synthetic data manifold embedded in R^d (d = 2 or 3): a sampler and, where one exists in
// closed form, the nearest point on the manifold.
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace geodex {

enum class ManifoldKind { Circle, TwoMoons, Spiral, Sphere, Torus, SwissRoll, Helix };

class SyntheticManifold {
 public:
  virtual ~SyntheticManifold() = default;

  virtual ManifoldKind kind() const = 0;
  virtual std::string name() const = 0;
  virtual int ambientDimension() const = 0;
  // Intrinsic dimension: 1 for curves, 2 for surfaces.
  virtual int intrinsicDimension() const = 0;

  // `count` points on the manifold, one per column: shape [ambientDimension × count].
  // Deterministic for a given seed.
  virtual Eigen::MatrixXd sample(int count, std::uint64_t seed) const = 0;

  // The point of the manifold nearest to x, when a closed form exists.
  virtual std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) const = 0;

  // Distance from x to the manifold (closed form or, failing that, to a dense sample).
  double distanceTo(const Eigen::VectorXd& x) const;

  // A parameter grid along the manifold, for drawing the curve or surface:
  // points [ambientDimension × (rows*cols)], row-major over (u, v); for curves rows == 1.
  virtual Eigen::MatrixXd parameterGrid(int rows, int cols) const = 0;
  // Whether parameterGrid wraps around in u (columns) / v (rows).
  virtual bool closedInU() const = 0;
  virtual bool closedInV() const = 0;

  // An orthonormal basis [ambientDimension × 2] of the plane the fan of the exponential map
  // spreads in at x: the plane itself in R², else the two principal directions of the
  // parameter-grid points nearest x (the tangent plane of a surface at its nearest point; the
  // osculating plane of a curve in R³).
  Eigen::MatrixXd tangentPlane(const Eigen::VectorXd& x) const;

  // A quadrature of the manifold's uniform measure: parameter-grid points no further apart than
  // `spacing`, with weights ∝ their length or area element. Smoothing it by σ ≳ 2·spacing gives
  // the smoothed manifold measure to near machine precision (unlike random samples, whose
  // density ripples make the score metric bumpy).
  struct Quadrature {
    Eigen::MatrixXd points;   // [d × n]
    Eigen::VectorXd weights;  // [n], sum = total length or area
  };
  Quadrature quadrature(double spacing) const;

  static std::unique_ptr<SyntheticManifold> create(ManifoldKind kind);
  static std::unique_ptr<SyntheticManifold> create(const std::string& name);
  // The kind of a manifold name ("sphere", "moons", ...); throws InvalidArgumentError naming
  // the known ones.
  static ManifoldKind kindOf(const std::string& name);
  static std::vector<std::string> names();
  static std::string nameOf(ManifoldKind kind);
};

}  // namespace geodex
