#include "core/geometry/default_quadrature_nodes.h"

namespace geodex {

int defaultQuadratureNodes(GeodesicSolverKind solver) {
  return solver == GeodesicSolverKind::Adam ? 1 : 3;
}

}  // namespace geodex
