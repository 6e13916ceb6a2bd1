#pragma once
// JSON forms of geometry results, as written by geodex-cli and the explorer's export.
#include <nlohmann/json.hpp>

#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_types.h"

namespace geodex {

// [[x, y, z], ...]: one list per point (column).
nlohmann::json pathToJson(const Eigen::MatrixXd& path);
// path, energy, length, iterations, score_evaluations, converged, seconds, ...
nlohmann::json toJson(const GeodesicResult& result);
nlohmann::json toJson(const ShootingResult& result);

}  // namespace geodex
