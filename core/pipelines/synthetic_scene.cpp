#include "core/pipelines/synthetic_scene.h"

#include <algorithm>
#include <cmath>

#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"
#include "core/util/errors.h"
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

SyntheticSceneResult SyntheticScene::solve(const SyntheticSceneOptions& options,
                                           const SolverControl& control) {
  const Stopwatch start;
  const int d = manifold_->ambientDimension();
  checkEnd(options.from, d, "the start point");
  checkEnd(options.to, d, "the end point");
  const RefinedPolygon refinement(options.refinement);  // checks it before the solve
  const Metric& main = metric(options.metric);
  const Eigen::VectorXd& from = options.from;
  const Eigen::VectorXd& to = options.to;
  const int points = options.geodesic.points;

  GeodesicOptions geodesic = options.geodesic;
  geodesic.refinementPieces = options.refinement;
  if (geodesic.initialization == PathInitialization::Graph && !geodesic.graphReferences) {
    if (options.graphSamples < 2 || options.graphSamples > 100000)
      throw InvalidArgumentError("the graph start needs 2 to 100000 manifold samples, got " +
                                 std::to_string(options.graphSamples));
    if (!graphReferences_ || graphReferences_->cols() != options.graphSamples)
      graphReferences_ = std::make_shared<const Eigen::MatrixXd>(
          manifold_->sample(options.graphSamples, options.score.seed));
    geodesic.graphReferences = graphReferences_;
  }

  SyntheticSceneResult result;
  result.geodesic = GeodesicSolver(main, geodesic).solve(from, to, control);
  result.cancelled = result.geodesic.cancelled;
  if (result.cancelled) return result;

  const PathEnergy mainEnergy(main);
  const auto refinedLength = [&](const Eigen::MatrixXd& path) {
    return mainEnergy.refinedLength(path, refinement);
  };
  result.geodesic.refinedLength = result.geodesic.refinedLength;
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
  SolverControl cancelOnly;
  cancelOnly.cancel = control.cancel;

  if (options.compareMetrics) {
    const Stopwatch comparisonStart;
    GeodesicOptions fast = geodesic;
    fast.solver = GeodesicSolverKind::GaussNewton;  // the comparison must not take minutes
    fast.initialPath.reset();                       // its own start, not the main path's
    for (const MetricDescription& description : metricRegistry()) {
      const MetricKind kind = description.kind;
      if (kind == options.metric.kind) continue;
      MetricOptions other = options.metric;
      other.kind = kind;
      const GeodesicResult path = GeodesicSolver(metric(other), fast).solve(from, to, cancelOnly);
      if (path.cancelled) {
        result.cancelled = true;
        return result;
      }
      result.comparisons.push_back({kind, path.path, path.length,
                                    mainEnergy.evaluate(path.path, false).length,
                                    refinedLength(path.path)});
    }
    result.comparisonSeconds = comparisonStart.seconds();
  }

  if (options.extrapolation > 0) {
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
    const ShootingResult shot = shootGeodesic(*pointMetric, to, velocity, shooting, cancelOnly);
    if (shot.cancelled) {
      result.cancelled = true;
      return result;
    }
    result.extrapolation = shot.path;
    result.extrapolationLength = shot.length;
    result.extrapolationSeconds = shootingStart.seconds();
  }
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
  const int resolution = options.resolution;
  constexpr int low = GeodesicDistanceFieldOptions::kMinResolution;
  constexpr int high = GeodesicDistanceFieldOptions::kMaxResolution;
  if (resolution < low || resolution > high)
    throw InvalidArgumentError("the distance grid's resolution must be " + std::to_string(low) +
                               " to " + std::to_string(high) + " nodes, got " +
                               std::to_string(resolution));
  if (manifold_->ambientDimension() == 2) {
    if (!(options.margin >= 0.0) || options.margin > 10.0)
      throw InvalidArgumentError("the distance grid's margin must be 0 to 10, got " +
                                 std::to_string(options.margin));
    const Eigen::MatrixXd data = manifold_->sample(2000, built_.score.seed);
    const Eigen::Vector2d lowCorner = data.rowwise().minCoeff().array() - options.margin;
    const Eigen::Vector2d highCorner = data.rowwise().maxCoeff().array() + options.margin;
    // Square cells: the longer side gets `resolution` nodes.
    const Eigen::Vector2d size = highCorner - lowCorner;
    const double spacing = size.maxCoeff() / (resolution - 1);
    const auto nodes = [&](double side) {
      return std::clamp(int(std::ceil(side / spacing - 1e-9)) + 1, low, resolution);
    };
    const int cols = nodes(size.x()), rows = nodes(size.y());
    DistanceGrid grid = DistanceGrid::plane(
        lowCorner, lowCorner + Eigen::Vector2d((cols - 1) * spacing, (rows - 1) * spacing), rows,
        cols);
    // The data curve, its points a fifth of a grid cell apart (curve nodes: see
    // geodesic_distance_field.h).
    const Eigen::MatrixXd coarse = manifold_->parameterGrid(1, 512);
    double curveLength = 0.0;
    for (Eigen::Index k = 1; k < coarse.cols(); ++k)
      curveLength += (coarse.col(k) - coarse.col(k - 1)).norm();
    const int points = std::clamp(int(5.0 * curveLength / spacing), 16,
                                  GeodesicDistanceFieldOptions::kMaxCurvePoints);
    grid.curve = manifold_->parameterGrid(1, points);
    grid.closedCurve = manifold_->closedInU();
    return grid;
  }
  if (manifold_->intrinsicDimension() != 2)
    throw InvalidArgumentError("the distance field needs a plane or a surface; the " +
                               manifold_->name() + " is a curve in R^3 with no grid to span");
  // Cells about square where the surface is widest: the rows follow the ratio of the longest
  // v line to the longest u line (the sphere: π to 2π).
  const int coarse = 64;
  const Eigen::MatrixXd sample = manifold_->parameterGrid(coarse, coarse);
  double longestU = 0.0, longestV = 0.0;
  for (int line = 0; line < coarse; ++line) {
    double u = 0.0, v = 0.0;
    for (int k = 0; k + 1 < coarse; ++k) {
      u += (sample.col(line * coarse + k + 1) - sample.col(line * coarse + k)).norm();
      v += (sample.col((k + 1) * coarse + line) - sample.col(k * coarse + line)).norm();
    }
    longestU = std::max(longestU, u);
    longestV = std::max(longestV, v);
  }
  DistanceGrid grid;
  grid.cols = resolution;
  grid.rows =
      std::clamp(int(std::lround(resolution * longestV / std::max(longestU, 1e-12))), low, high);
  grid.nodes = manifold_->parameterGrid(grid.rows, grid.cols);
  grid.closedInU = manifold_->closedInU();
  grid.closedInV = manifold_->closedInV();
  return grid;
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
