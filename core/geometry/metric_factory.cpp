#include "core/geometry/metric_factory.h"

#include "core/geometry/metric_registry.h"

namespace geodex {

std::unique_ptr<Metric> makeMetric(const MetricOptions& options,
                                   std::shared_ptr<const ScoreModel> model, int dimension) {
  return describeMetric(checkedMetricOptions(options).kind).make(options, std::move(model), dimension);
}

}  // namespace geodex
