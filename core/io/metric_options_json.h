#pragma once
// The metric's parameters in result JSON, keyed as the registry names them (lambda,
// quadrature_nodes, pullback_epsilon, ...): one writer for every command's JSON.
#include <nlohmann/json.hpp>
#include <vector>

#include "core/geometry/metric_factory.h"

namespace geodex {

// Adds every parameter of `kinds` (all metrics when empty) to `out`.
void putMetricParameters(nlohmann::json& out, const MetricOptions& options,
                         const std::vector<MetricKind>& kinds = {});

}  // namespace geodex
