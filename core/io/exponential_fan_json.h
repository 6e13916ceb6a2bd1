#pragma once
// JSON of the exponential-map fan (`geodex-cli fan --json`): origin, rays [{path, reached_length,
// stop_reason}], wavefronts [{radius, path, closed}], max_speed_drift, steps, score_evaluations,
// seconds.
#include <nlohmann/json.hpp>

#include "core/geometry/exponential_fan.h"

namespace geodex {

nlohmann::json toJson(const ExponentialFanResult& result);

}  // namespace geodex
