#include "core/geometry/geodesic_types.h"

#include "core/geometry/geodesic_solver_kinds.h"

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

GeodesicSolverKind parseGeodesicSolverKind(const std::string& text) {
  // "fast": the Gauss–Newton solver's older name, still read from sessions and scripts.
  if (text == "fast") return GeodesicSolverKind::GaussNewton;
  for (const GeodesicSolverKind kind : kGeodesicSolverKinds)
    if (text == toString(kind)) return kind;
  throw InvalidArgumentError("unknown solver '" + shortText(text) + "' (use " +
                             geodesicSolverChoices(" or ") + ")");
}

std::string toString(GeodesicSolverKind kind) {
  return kind == GeodesicSolverKind::Adam ? "adam" : "gauss-newton";
}

PathInitialization parsePathInitialization(const std::string& text) {
  if (text == "slerp") return PathInitialization::Slerp;
  if (text == "lerp") return PathInitialization::Lerp;
  if (text == "graph") return PathInitialization::Graph;
  throw InvalidArgumentError("unknown initialisation '" + shortText(text) +
                             "' (use slerp, lerp or graph)");
}

std::string toString(PathInitialization initialization) {
  switch (initialization) {
    case PathInitialization::Lerp: return "lerp";
    case PathInitialization::Graph: return "graph";
    case PathInitialization::Slerp: break;
  }
  return "slerp";
}

}  // namespace geodex
