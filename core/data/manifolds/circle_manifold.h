#pragma once
#include "core/data/synthetic_manifold.h"

namespace geodex {

// The unit circle in R².
class CircleManifold : public SyntheticManifold {
 public:
  ManifoldKind kind() const override { return ManifoldKind::Circle; }
  std::string name() const override { return nameOf(kind()); }
  int ambientDimension() const override { return 2; }
  int intrinsicDimension() const override { return 1; }
  Eigen::MatrixXd sample(int count, std::uint64_t seed) const override;
  std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) const override;
  Eigen::MatrixXd parameterGrid(int rows, int cols) const override;
  bool closedInU() const override;
  bool closedInV() const override { return false; }
};

}  // namespace geodex
