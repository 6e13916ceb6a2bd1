#include "core/geometry/geodesic_types.h"

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

GeodesicSolverKind parseGeodesicSolverKind(const std::string& text) {
  if (text == "fast" || text == "gauss-newton") return GeodesicSolverKind::GaussNewton;
  if (text == "adam") return GeodesicSolverKind::Adam;
  throw InvalidArgumentError("unknown solver '" + shortText(text) + "' (use fast or adam)");
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
