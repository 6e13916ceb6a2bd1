#pragma once
// The solvers the fronts offer, in their order; each is named by toString(GeodesicSolverKind) and
// read back by parseGeodesicSolverKind (which also takes the older name "fast").
#include "core/geometry/geodesic_types.h"

namespace geodex {

inline constexpr GeodesicSolverKind kGeodesicSolverKinds[] = {GeodesicSolverKind::GaussNewton,
                                                              GeodesicSolverKind::Adam};

}  // namespace geodex
