#include "core/pipelines/synthetic_scene.h"

#include <algorithm>
#include <cmath>

#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/manifold_distance_grid.h"
#include "core/geometry/metric_registry.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

// The parameters of a metric apart from its kind: the metrics of one scene share them.
MetricOptions parametersOf(MetricOptions options) {
  options.kind = MetricKind::Score;
  return options;
}

// Shooting, fans and distance fields evaluate the metric at points, not along segments: a segment
// rule (quadrature nodes > 1) misreads a shooting velocity as a segment (the sphere fan's rays
// stopped after 0.02 of their metric length 1.5), so they take the midpoint rule whatever nodes
// the energy uses.
MetricOptions pointwise(MetricOptions options) {
  options.quadratureNodes = 1;
  return options;
}

void checkEnd(const Eigen::VectorXd& point, int dimension, const char* which) {
  if (point.size() != dimension)
    throw InvalidArgumentError(std::string(which) + " has " + std::to_string(point.size()) +
                               " coordinates, the manifold lives in R^" +
                               std::to_string(dimension));
  if (!point.allFinite()) throw InvalidArgumentError(std::string(which) + " must be finite");
}

}  // namespace

SyntheticScene::SyntheticScene(const SyntheticSceneOptions& options)
    : built_(options),
      manifold_(SyntheticManifold::create(options.manifold)),
      score_(makeSyntheticScore(*manifold_, options.score)) {}

SyntheticScene::~SyntheticScene() = default;

bool SyntheticScene::describes(const SyntheticSceneOptions& options) const {
  return options.manifold == built_.manifold && options.score == built_.score;
}

const Metric& SyntheticScene::metric(const MetricOptions& options) {
  if (metricParameters_ != parametersOf(options)) {
    metrics_.clear();
    field_.reset();
    metricParameters_ = parametersOf(options);
  }
  auto& slot = metrics_[options.kind];
  if (!slot) slot = makeMetric(options, score_, manifold_->ambientDimension());
  return *slot;
}

const MetricField& SyntheticScene::field(const MetricOptions& metricOptions,
                                         const MetricFieldOptions& options) {
  const Metric& m = metric(metricOptions);  // clears a field of other metric parameters
  if (!field_ || fieldKind_ != metricOptions.kind || !(fieldOptions_ == options)) {
    field_ = computeMetricField(*manifold_, *score_, m, options);
    fieldKind_ = metricOptions.kind;
    fieldOptions_ = options;
  }
  return *field_;
}

GeodesicOptions SyntheticScene::geodesicOptions(const SyntheticSceneOptions& options) {
  GeodesicOptions geodesic = options.geodesic;
  geodesic.refinementPieces = options.refinement;
  if (geodesic.initialization != PathInitialization::Graph || geodesic.graphReferences)
    return geodesic;
  SyntheticSceneOptions::kGraphSamples.checked(options.graphSamples);
  if (!graphReferences_ || graphReferences_->cols() != options.graphSamples)
    graphReferences_ = std::make_shared<const Eigen::MatrixXd>(
        manifold_->sample(options.graphSamples, options.score.seed));
  geodesic.graphReferences = graphReferences_;
  return geodesic;
}

void SyntheticScene::compareMetrics(const SyntheticSceneOptions& options,
                                    const GeodesicOptions& geodesic, const SolverControl& control,
                                    SyntheticSceneResult& result) {
  const Stopwatch comparisonStart;
  const PathEnergy mainEnergy(metric(options.metric));
  const RefinedPolygon refinement(options.refinement);
  GeodesicOptions fast = geodesic;
  fast.solver = GeodesicSolverKind::GaussNewton;  // the comparison must not take minutes
  fast.initialPath.reset();                       // its own start, not the main path's
  for (const MetricDescription& description : metricRegistry()) {
    const MetricKind kind = description.kind;
    if (kind == options.metric.kind) continue;
    MetricOptions other = options.metric;
    other.kind = kind;
    const GeodesicResult path =
        GeodesicSolver(metric(other), fast).solve(options.from, options.to, control);
    result.comparisons.push_back({kind, path.path, path.length,
                                  mainEnergy.evaluate(path.path, false).length,
                                  mainEnergy.refinedLength(path.path, refinement)});
  }
  result.comparisonSeconds = comparisonStart.seconds();
}

void SyntheticScene::extrapolate(const SyntheticSceneOptions& options,
                                 const SolverControl& control, SyntheticSceneResult& result) {
  const Stopwatch shootingStart;
  // The path is parametrised over t ∈ [0, 1]: its end velocity is N·Δ_last for N segments.
  const Eigen::MatrixXd& path = result.geodesic.path;
  const Eigen::Index last = path.cols() - 1;
  const Eigen::VectorXd velocity = double(last) * (path.col(last) - path.col(last - 1));
  ShootingOptions shooting;
  shooting.duration = options.extrapolation;
  shooting.samples = options.extrapolationSamples;
  const auto pointMetric =
      makeMetric(pointwise(options.metric), score_, manifold_->ambientDimension());
  const ShootingResult shot = shootGeodesic(*pointMetric, options.to, velocity, shooting, control);
  result.extrapolation = shot.path;
  result.extrapolationLength = shot.length;
  result.extrapolationSeconds = shootingStart.seconds();
}

GeodesicResult SyntheticScene::solveGeodesic(const SyntheticSceneOptions& options,
                                             const Metric& main, const SolverControl& control) {
  const GeodesicOptions geodesic = geodesicOptions(options);
  GeodesicResult first = GeodesicSolver(main, geodesic).solve(options.from, options.to, control);
  const bool straightStart = geodesic.initialization != PathInitialization::Graph &&
                             !geodesic.initialPath;
  const bool shown =
      first.converged && !lengthsDisagree(first, geodesic.refinementTolerance);
  if (!geodesic.refine || geodesic.solver != GeodesicSolverKind::GaussNewton || !straightStart ||
      shown)
    return first;
  SyntheticSceneOptions fromGraph = options;
  fromGraph.geodesic.initialization = PathInitialization::Graph;
  // Its progress would make the bar jump back.
  GeodesicResult second;
  try {
    second = GeodesicSolver(main, geodesicOptions(fromGraph))
                 .solve(options.from, options.to, control.cancelOnly());
  } catch (const CancelledError&) {
    throw;
  } catch (const GeodexError& e) {  // a second try that fails leaves the first solve's result
    first.stopReason += std::string("; the data-graph start failed: ") + e.what();
    return first;
  }
  const std::string why =
      "the " + toString(geodesic.initialization) + " start's solve " +
      (first.converged ? "ended " + numberText(100 * (first.refinedLength / first.length - 1)) +
                             " % off its refined length"
                       : "did not converge (" + first.stopReason + ")");
  // Both solves' work is counted, whichever path is kept.
  GeodesicResult& kept = second.refinedLength < first.refinedLength ? second : first;
  const GeodesicResult& other = &kept == &second ? first : second;
  kept.iterations += other.iterations;
  kept.scoreEvaluations += other.scoreEvaluations;
  kept.jacobianProducts += other.jacobianProducts;
  kept.seconds += other.seconds;
  kept.stopReason += &kept == &second ? "; from the data-graph start: " + why
                                      : "; the data-graph start found no shorter path after " + why;
  return std::move(kept);
}

SyntheticSceneResult SyntheticScene::solve(const SyntheticSceneOptions& options,
                                           const SolverControl& control) {
  const Stopwatch start;
  const int d = manifold_->ambientDimension();
  checkEnd(options.from, d, "the start point");
  checkEnd(options.to, d, "the end point");
  SyntheticSceneOptions::kExtrapolation.checked(options.extrapolation);
  const RefinedPolygon refinement(options.refinement);  // checks it before the solve
  const Eigen::VectorXd& from = options.from;
  const Eigen::VectorXd& to = options.to;
  const int points = options.geodesic.points;
  const GeodesicOptions geodesic = geodesicOptions(options);

  SyntheticSceneResult result;
  const Metric& main = metric(options.metric);
  result.geodesic = solveGeodesic(options, main, control);
  const PathEnergy mainEnergy(main);
  const auto refinedLength = [&](const Eigen::MatrixXd& path) {
    return mainEnergy.refinedLength(path, refinement);
  };
  result.straightPath = lerpPath(from, to, points);
  const PathEnergyEvaluation straight = mainEnergy.evaluate(result.straightPath, false);
  result.straightLength = straight.length;
  result.straightRefinedLength = refinedLength(result.straightPath);
  result.straightEnergy = straight.energy;
  if (options.slerp) {
    result.slerpPath = slerpPath(from, to, points);
    result.slerpLength = mainEnergy.evaluate(result.slerpPath, false).length;
    result.slerpRefinedLength = refinedLength(result.slerpPath);
  }
  // Comparisons and the extrapolation only listen for cancellation: their progress would make
  // the main solve's bar jump back.
  if (options.compareMetrics) compareMetrics(options, geodesic, control.cancelOnly(), result);
  if (options.extrapolation > 0) extrapolate(options, control.cancelOnly(), result);
  result.seconds = start.seconds();
  return result;
}

ExponentialFanResult SyntheticScene::fan(const MetricOptions& metricOptions,
                                         const Eigen::VectorXd& point,
                                         const ExponentialFanOptions& options,
                                         const SolverControl& control) {
  checkEnd(point, manifold_->ambientDimension(), "the fan's origin");
  const auto pointMetric = makeMetric(pointwise(metricOptions), score_, manifold_->ambientDimension());
  return computeExponentialFan(*pointMetric, point, manifold_->tangentPlane(point),
                               options, control);
}

DistanceGrid SyntheticScene::distanceGrid(const GeodesicDistanceFieldOptions& options) const {
  return manifoldDistanceGrid(*manifold_, options, built_.score.seed);
}

GeodesicDistanceFieldResult SyntheticScene::distanceField(
    const MetricOptions& metricOptions, const Eigen::VectorXd& point,
    const GeodesicDistanceFieldOptions& options, const SolverControl& control) {
  checkEnd(point, manifold_->ambientDimension(), "the distance field's source");
  const auto pointMetric = makeMetric(pointwise(metricOptions), score_, manifold_->ambientDimension());
  return computeGeodesicDistanceField(*pointMetric, distanceGrid(options), point, options,
                                      control);
}

SyntheticScene& reuseSyntheticScene(std::unique_ptr<SyntheticScene>& cache,
                                    const SyntheticSceneOptions& options) {
  if (!cache || !cache->describes(options)) cache = std::make_unique<SyntheticScene>(options);
  return *cache;
}

SyntheticSceneResult computeSyntheticScene(const SyntheticSceneOptions& options,
                                           const SolverControl& control) {
  SyntheticScene scene(options);
  return scene.solve(options, control);
}

}  // namespace geodex
