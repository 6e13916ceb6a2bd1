#include "core/geometry/metric_kind.h"

#include "core/util/enum_names.h"

namespace geodex {

// As users type them (options, JSON, menus).
static const EnumNames<MetricKind> kMetricNames = {{MetricKind::Euclidean, "euclidean"},
                                                   {MetricKind::Score, "score"},
                                                   {MetricKind::Conformal, "conformal"},
                                                   {MetricKind::Pullback, "pullback"}};
MetricKind parseMetricKind(const std::string& text) {
  return parseEnumName(kMetricNames, text, "metric");
}
std::string toString(MetricKind kind) {
  return enumName(kMetricNames, kind);
}

}  // namespace geodex
