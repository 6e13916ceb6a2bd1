#pragma once
#include "core/data/synthetic_manifold.h"

namespace geodex {

// A swiss roll: (t cos t, h, t sin t)/(4.5π) scaled, t ∈ [1.5π, 4.5π], h ∈ [-0.5, 0.5].
class SwissRollManifold : public SyntheticManifold {
 public:
  ManifoldKind kind() const override { return ManifoldKind::SwissRoll; }
  std::string name() const override { return nameOf(kind()); }
  int ambientDimension() const override { return 3; }
  int intrinsicDimension() const override { return 2; }
  Eigen::MatrixXd sample(int count, std::uint64_t seed) const override;
  std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) const override;
  Eigen::MatrixXd parameterGrid(int rows, int cols) const override;
  bool closedInU() const override;
  bool closedInV() const override { return false; }
};

}  // namespace geodex
