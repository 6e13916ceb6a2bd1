#include "core/geometry/metric_factory.h"

#include "core/geometry/conformal_metric.h"
#include "core/geometry/euclidean_metric.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/score_pullback_metric.h"
#include "core/geometry/segment_quadrature_metric.h"
#include "core/util/errors.h"

namespace geodex {

std::unique_ptr<Metric> makeMetric(const MetricOptions& options,
                                   std::shared_ptr<const ScoreModel> model, int dimension) {
  switch (options.kind) {
    case MetricKind::Euclidean:
      return std::make_unique<EuclideanMetric>(dimension);
    case MetricKind::Score:
      if (options.quadratureNodes != 1)
        return std::make_unique<SegmentQuadratureMetric>(std::move(model), options.lambda,
                                                         options.quadratureNodes);
      return std::make_unique<ScoreMetric>(std::move(model), options.lambda);
    case MetricKind::Conformal:
      return std::make_unique<ConformalMetric>(std::move(model), options.alpha, options.epsilon);
    case MetricKind::Pullback:
      return std::make_unique<ScorePullbackMetric>(std::move(model), options.pullbackEpsilon,
                                                   options.pullbackPieces);
  }
  throw InvalidArgumentError("unknown metric kind");
}

}  // namespace geodex
