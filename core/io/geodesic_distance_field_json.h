#pragma once
// JSON of the geodesic distance field (`geodex-cli distance-field --json`): rows, cols,
// closed_in_u, closed_in_v, nodes (the grid's points, row-major), distance (per grid node, null
// where unreachable), curve and curve_distance when the grid carries the data curve, source
// (node index), source_point, max_distance, edges, score_evaluations, seconds.
#include <nlohmann/json.hpp>

#include "core/geometry/geodesic_distance_field.h"

namespace geodex {

nlohmann::json toJson(const GeodesicDistanceFieldResult& result);

}  // namespace geodex
