#pragma once
// Every metric a user can choose, described once: its name, label, help, parameters (each a
// NumberSetting with the MetricOptions field it sets) and factory. The explorer's metric menu and
// parameter widgets, geodex-cli's --metric and parameter options and their help, the JSON, the
// comparison set and the views' path slots are derived from this table. Adding a metric: its
// class, its MetricKind value and one entry in metric_registry.cpp (docs/developers.md).
#include <memory>
#include <string>
#include <vector>

#include "core/geometry/metric_factory.h"
#include "core/util/number_setting.h"

namespace geodex {

struct MetricParameter {
  NumberSetting setting;
  double (*get)(const MetricOptions&);
  void (*set)(MetricOptions&, double);
};

struct MetricDescription {
  MetricKind kind;
  const char* name;   // as users type it: "score"
  const char* label;  // as menus and legends show it: "score  I + λ s sᵀ"
  const char* help;   // one line for tooltips and --help
  std::vector<MetricParameter> parameters;
  bool needsScore = true;    // false: no model is asked (the Euclidean metric)
  bool needsDensity = false; // a model with a log-density (the conformal metric)
  std::unique_ptr<Metric> (*make)(const MetricOptions&, std::shared_ptr<const ScoreModel>,
                                  int dimension);
};

// In the order menus list them; the first is the default.
const std::vector<MetricDescription>& metricRegistry();
const MetricDescription& describeMetric(MetricKind kind);
// The parameter called `name` ("lambda") of any metric; null when there is none.
const MetricParameter* findMetricParameter(const std::string& name);
// `options` with every parameter of its kind in its range; InvalidArgumentError naming the first
// that is not ("λ (lambda) must be between …"). Parameters of other kinds are not looked at.
const MetricOptions& checkedMetricOptions(const MetricOptions& options);

}  // namespace geodex
