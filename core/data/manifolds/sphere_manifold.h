#pragma once
#include "core/data/synthetic_manifold.h"

namespace geodex {

// The unit sphere S² in R³.
class SphereManifold : public SyntheticManifold {
 public:
  ManifoldKind kind() const override { return ManifoldKind::Sphere; }
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
