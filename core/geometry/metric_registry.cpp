#include "core/geometry/metric_registry.h"

#include "core/geometry/conformal_metric.h"
#include "core/geometry/euclidean_metric.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/score_pullback_metric.h"
#include "core/geometry/segment_quadrature_metric.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

// A parameter bound to its MetricOptions field (double or int).
template <auto Field>
MetricParameter parameter(NumberSetting setting) {
  using Value = std::remove_cvref_t<decltype(MetricOptions{}.*Field)>;
  return {setting, [](const MetricOptions& o) { return double(o.*Field); },
          [](MetricOptions& o, double v) { o.*Field = Value(v); }};
}

std::vector<MetricDescription> makeRegistry() {
  std::vector<MetricDescription> r;
  r.push_back({
      .kind = MetricKind::Score,
      .name = "score",
      .label = "score  I + λ s sᵀ",
      .help = "the paper's metric I + λ s sᵀ: a step along the score costs, across it is free",
      .parameters = {parameter<&MetricOptions::lambda>(
                         {.name = "lambda",
                          .symbol = "λ",
                          .help = "weight of the score direction in I + λ s sᵀ (the paper: 1000)",
                          .min = 1e-3,
                          .max = ScoreMetric::kMaxLambda,
                          .logarithmic = true}),
                     parameter<&MetricOptions::quadratureNodes>(
                         {.name = "quadrature",
                          .symbol = "nodes / segment",
                          .help = "score nodes per segment in the energy: 1 = the midpoint rule "
                                  "(the paper's), 2-5 Gauss-Legendre",
                          .min = 1,
                          .max = kMaxQuadratureNodes,
                          .integer = true,
                          .json = "quadrature_nodes",
                          .zeroMeans = "auto: 3 with gauss-newton, 1 with adam"})},
      .make = [](const MetricOptions& o, std::shared_ptr<const ScoreModel> model,
                 int) -> std::unique_ptr<Metric> {
        // 0 (auto) where no solver resolved it (shooting, fans): the midpoint rule.
        if (o.quadratureNodes > 1)
          return std::make_unique<SegmentQuadratureMetric>(std::move(model), o.lambda,
                                                           o.quadratureNodes);
        return std::make_unique<ScoreMetric>(std::move(model), o.lambda);
      },
  });
  r.push_back({
      .kind = MetricKind::Pullback,
      .name = "pullback",
      .label = "pullback  εI + JᵀJ",
      .help = "the score's pullback εI + JᵀJ (J = ∂s/∂x): every direction the score changes in "
              "costs",
      .parameters = {parameter<&MetricOptions::pullbackEpsilon>(
                         {.name = "pullback-epsilon",
                          .symbol = "ε",
                          .help = "ε of the pullback metric εI + JᵀJ",
                          .min = 1e-8,
                          .max = 1e3,
                          .logarithmic = true}),
                     parameter<&MetricOptions::pullbackPieces>(
                         {.name = "pullback-pieces",
                          .symbol = "pieces",
                          .help = "score nodes per segment of the pullback energy (1: the ends; "
                                  "2 adds the midpoint)",
                          .min = 1,
                          .max = 16,
                          .integer = true})},
      .make = [](const MetricOptions& o, std::shared_ptr<const ScoreModel> model,
                 int) -> std::unique_ptr<Metric> {
        return std::make_unique<ScorePullbackMetric>(std::move(model), o.pullbackEpsilon,
                                                     o.pullbackPieces);
      },
  });
  r.push_back({
      .kind = MetricKind::Conformal,
      .name = "conformal",
      .label = "conformal  (ε + p)^−α I",
      .help = "(ε + p)^−α I: cheap where the data density p is high (needs a log-density)",
      .parameters = {parameter<&MetricOptions::alpha>({.name = "alpha",
                                                        .symbol = "α",
                                                        .help = "α of the conformal metric",
                                                        .min = 1e-3,
                                                        .max = 10}),
                     parameter<&MetricOptions::epsilon>({.name = "epsilon",
                                                          .symbol = "ε",
                                                          .help = "ε of the conformal metric",
                                                          .min = 1e-8,
                                                          .max = 1e3,
                                                          .logarithmic = true})},
      .needsDensity = true,
      .make = [](const MetricOptions& o, std::shared_ptr<const ScoreModel> model,
                 int) -> std::unique_ptr<Metric> {
        return std::make_unique<ConformalMetric>(std::move(model), o.alpha, o.epsilon);
      },
  });
  r.push_back({
      .kind = MetricKind::Euclidean,
      .name = "euclidean",
      .label = "euclidean  I",
      .help = "the flat metric I: geodesics are straight lines",
      .parameters = {},
      .needsScore = false,
      .make = [](const MetricOptions&, std::shared_ptr<const ScoreModel>,
                 int dimension) -> std::unique_ptr<Metric> {
        return std::make_unique<EuclideanMetric>(dimension);
      },
  });
  return r;
}

}  // namespace

const std::vector<MetricDescription>& metricRegistry() {
  static const std::vector<MetricDescription> registry = makeRegistry();
  return registry;
}

const MetricDescription& describeMetric(MetricKind kind) {
  for (const MetricDescription& d : metricRegistry())
    if (d.kind == kind) return d;
  throw InvalidArgumentError("a metric kind without a registry entry");
}

const MetricParameter* findMetricParameter(const std::string& name) {
  for (const MetricDescription& d : metricRegistry())
    for (const MetricParameter& p : d.parameters)
      if (name == p.setting.name) return &p;
  return nullptr;
}

const MetricOptions& checkedMetricOptions(const MetricOptions& options) {
  for (const MetricParameter& p : describeMetric(options.kind).parameters)
    p.setting.checked(p.get(options));
  return options;
}

}  // namespace geodex
