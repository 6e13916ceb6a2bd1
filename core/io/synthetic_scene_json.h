#pragma once
// JSON of the explorer's computation, as written by `geodex-cli geodesic` and the window's
// "Export paths as JSON": the geodesic's fields (result_json.h) plus straight_path,
// straight_length, straight_energy and, when computed, slerp_path/slerp_length,
// extrapolation_path/extrapolation_length and comparisons {metric: {path, length,
// length_under_main_metric}}.
#include <nlohmann/json.hpp>

#include "core/pipelines/synthetic_scene.h"

namespace geodex {

nlohmann::json toJson(const SyntheticSceneResult& result);
// What the scene is: manifold, score, metric (names), sigma and lambda.
nlohmann::json sceneJson(SyntheticScene& scene, const SyntheticSceneOptions& options);

}  // namespace geodex
