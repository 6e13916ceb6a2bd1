#include "core/geometry/metric_kind.h"

#include "core/geometry/metric_registry.h"
#include "core/util/enum_names.h"

namespace geodex {

// The names are the registry's (core/geometry/metric_registry.cpp).
static EnumNames<MetricKind> metricNames() {
  EnumNames<MetricKind> names;
  for (const MetricDescription& d : metricRegistry()) names.emplace_back(d.kind, d.name);
  return names;
}

MetricKind parseMetricKind(const std::string& text) {
  return parseEnumName(metricNames(), text, "metric");
}
std::string toString(MetricKind kind) {
  return describeMetric(kind).name;
}

}  // namespace geodex
