#pragma once
// The grid a geodesic distance field is computed on for a synthetic manifold: for a plane
// manifold a square-celled box around its data (seeded samples) plus the data curve's nodes, for
// a surface its parameter grid with cells about square where it is widest. The explorer's
// distance field and `geodex-cli distance-field` use it (through SyntheticScene).
#include <cstdint>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/geodesic_distance_field.h"

namespace geodex {

// InvalidArgumentError for a resolution or margin outside its range and for a curve in R^3
// (no grid to span).
DistanceGrid manifoldDistanceGrid(const SyntheticManifold& manifold,
                                  const GeodesicDistanceFieldOptions& options,
                                  std::uint64_t seed);

}  // namespace geodex
