#pragma once
// The solvers the fronts offer, in their order; each is named by toString(GeodesicSolverKind) and
// read back by parseGeodesicSolverKind (which also takes the older name "fast").
#include <string>

#include "core/geometry/geodesic_types.h"

namespace geodex {

inline constexpr GeodesicSolverKind kGeodesicSolverKinds[] = {GeodesicSolverKind::GaussNewton,
                                                              GeodesicSolverKind::Adam};

// Their names joined by `separator` ("gauss-newton|adam"), for help texts and messages.
inline std::string geodesicSolverChoices(const std::string& separator = "|") {
  std::string choices;
  for (const GeodesicSolverKind kind : kGeodesicSolverKinds)
    choices += (choices.empty() ? "" : separator) + toString(kind);
  return choices;
}

}  // namespace geodex
