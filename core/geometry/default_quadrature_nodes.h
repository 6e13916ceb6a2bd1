#pragma once
// Apart from the pipelines, so that what only needs this rule (the explorer's settings, their
// fuzz target) needs no LibTorch.
#include "core/geometry/geodesic_types.h"

namespace geodex {

// The energy's nodes per segment (MetricOptions::quadratureNodes) a solve takes unless told:
// Gauss–Legendre along each segment for Gauss–Newton, so that a segment cannot cross a density
// ridge unseen through a midpoint where s ⟂ Δ (docs/method.md); the paper's midpoint rule (1) for
// its Adam.
int defaultQuadratureNodes(GeodesicSolverKind solver);

}  // namespace geodex
