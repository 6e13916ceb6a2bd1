#include "core/io/metric_options_json.h"

#include <algorithm>

#include "core/geometry/metric_registry.h"

namespace geodex {

void putMetricParameters(nlohmann::json& out, const MetricOptions& options,
                         const std::vector<MetricKind>& kinds) {
  for (const MetricDescription& d : metricRegistry()) {
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end()) continue;
    for (const MetricParameter& p : d.parameters) {
      const double value = p.get(options);
      if (p.setting.integer)
        out[p.setting.jsonKey()] = static_cast<long long>(value);
      else
        out[p.setting.jsonKey()] = value;
    }
  }
}

}  // namespace geodex
