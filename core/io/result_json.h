#pragma once
// JSON forms of geometry results, as written by geodex-cli and the explorer's export.
#include <nlohmann/json.hpp>

#include "core/eval/image_sequence_metrics.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_types.h"

namespace geodex {

// [[x, y, z], ...]: one list per point (column).
nlohmann::json pathToJson(const Eigen::MatrixXd& path);
// path, energy, length, iterations, score_evaluations, converged, seconds, ...
nlohmann::json toJson(const GeodesicResult& result);
// The data-graph start's size and cost (without its path).
nlohmann::json toJson(const GraphStartResult& result);
nlohmann::json toJson(const ShootingResult& result);
// step_distances, path_length, uniformity {mean, std, cv, max_over_mean}, ssim, psnr, gmsd,
// brisque (null when unavailable), brisque_status, and a summary of their means.
nlohmann::json toJson(const ImageSequenceMetricsResult& result);

}  // namespace geodex
