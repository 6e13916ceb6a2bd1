#pragma once
// What defines each synthetic manifold: its dimensions, whether its parameter grid wraps
// around, a sampler, the nearest point where a closed form exists, and the parameter grid —
// plain functions and constants (manifold_shape.cpp), which SyntheticManifold::create wraps.
#include <Eigen/Dense>
#include <cstdint>
#include <optional>

#include "core/data/synthetic_manifold.h"

namespace geodex {

struct ManifoldShape {
  int ambientDimension = 0;
  int intrinsicDimension = 0;  // 1 for curves, 2 for surfaces
  bool closedInU = false, closedInV = false;
  // As the SyntheticManifold functions of the same names; project is null without a closed form.
  Eigen::MatrixXd (*sample)(int count, std::uint64_t seed) = nullptr;
  std::optional<Eigen::VectorXd> (*project)(const Eigen::VectorXd& x) = nullptr;
  Eigen::MatrixXd (*parameterGrid)(int rows, int cols) = nullptr;
};

const ManifoldShape& manifoldShape(ManifoldKind kind);

}  // namespace geodex
