#include "core/pipelines/noise_level_diagnosis.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <tuple>

#include "core/geometry/euclidean_metric.h"
#include "core/geometry/graph_start.h"
#include "core/geometry/metric_registry.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

double polylineLength(const Eigen::MatrixXd& path) {
  double length = 0.0;
  for (Eigen::Index i = 0; i + 1 < path.cols(); ++i)
    length += (path.col(i + 1) - path.col(i)).norm();
  return length;
}

Eigen::VectorXd projected(const SyntheticManifold& manifold, const Eigen::VectorXd& x) {
  return *manifold.project(x);  // hasKnownNormals(): every manifold here has a projection
}

// The test pair: a quarter turn (circle, sphere) or a quarter of the torus's outer equator.
std::pair<Eigen::VectorXd, Eigen::VectorXd> defaultEnds(ManifoldKind kind) {
  if (kind == ManifoldKind::Circle) return {Eigen::Vector2d(1, 0), Eigen::Vector2d(0, 1)};
  if (kind == ManifoldKind::Sphere) return {Eigen::Vector3d(1, 0, 0), Eigen::Vector3d(0, 0, 1)};
  return {Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(0, 1.4, 0)};
}

// The manifold's geodesic length between two of its points. The torus has no closed form: a
// shortest path on a k-nearest-neighbour graph of a quadrature grid (Euclidean edges), then
// curve shortening (each point moved to the projection of its neighbours' midpoint) until the
// graph's zigzag is gone; the chords of 201 points miss the arc by ~1e-5 relative.
std::pair<double, std::string> referenceLength(const SyntheticManifold& manifold,
                                               const Eigen::VectorXd& from,
                                               const Eigen::VectorXd& to) {
  const double angle = std::acos(std::clamp(from.dot(to), -1.0, 1.0));
  if (manifold.kind() == ManifoldKind::Sphere) return {angle, "great circle"};
  if (manifold.kind() == ManifoldKind::Circle) return {angle, "circle arc"};
  const auto grid = manifold.quadrature(0.06);
  const int points = 201;
  Eigen::MatrixXd path =
      computeGraphStart(EuclideanMetric(manifold.ambientDimension()), grid.points, from, to, points)
          .path;
  for (int sweep = 0; sweep < 4000; ++sweep)
    for (int i = 1; i + 1 < points; ++i)
      path.col(i) = projected(manifold, 0.5 * (path.col(i - 1) + path.col(i + 1)));
  return {polylineLength(path),
          "graph on a 0.06 grid, then projected curve shortening (201 points)"};
}

void checkOptions(const NoiseLevelDiagnosisOptions& o) {
  using O = NoiseLevelDiagnosisOptions;
  if (!hasKnownNormals(o.manifold))
    throw InvalidArgumentError(
        "the σ diagnosis needs the true normals: circle, sphere or torus, not '" +
        SyntheticManifold::nameOf(o.manifold) + "'");
  if (o.sigmas.empty() || static_cast<int>(o.sigmas.size()) > O::kMaxSigmas)
    throw InvalidArgumentError("give 1 to " + std::to_string(O::kMaxSigmas) + " values of σ, got " +
                               std::to_string(o.sigmas.size()));
  for (const double sigma : o.sigmas)
    if (!(sigma >= O::kMinSigma && sigma <= O::kMaxSigma))
      throw InvalidArgumentError("every σ must lie in [" + numberText(O::kMinSigma) + ", " +
                                 numberText(O::kMaxSigma) + "], got " + numberText(sigma));
  if (o.samples < 1 || o.samples > O::kMaxSamples)
    throw InvalidArgumentError("the sample count must lie in [1, " +
                               std::to_string(O::kMaxSamples) + "], got " +
                               std::to_string(o.samples));
  if (o.pathPoints < 3 || o.pathPoints > O::kMaxPathPoints)
    throw InvalidArgumentError("the geodesic needs 3 to " + std::to_string(O::kMaxPathPoints) +
                               " points, got " + std::to_string(o.pathPoints));
  checkedMetricOptions(o.metric);
  if (o.score == ScoreSource::Trained)
    throw InvalidArgumentError("the σ diagnosis varies σ: a trained model has only its own");
}

// How the score meets the normal at the noisy points: its angle to the normal, its tangential
// share and the metric's anisotropy 1 + λ‖s‖², averaged over the points that have a normal.
void measureScoreDirections(const SyntheticManifold& manifold, const Eigen::MatrixXd& points,
                            const Eigen::MatrixXd& scores, double lambda, NoiseLevelRow& row) {
  double angles = 0.0, tangential = 0.0, anisotropy = 0.0;
  for (Eigen::Index i = 0; i < points.cols(); ++i) {
    const Eigen::VectorXd offset = points.col(i) - projected(manifold, points.col(i));
    const double s = scores.col(i).norm();
    if (offset.norm() < 1e-12 || s == 0.0) continue;  // no normal there, or no direction
    const double normal = std::abs(scores.col(i).dot(offset.normalized())) / s;
    angles += std::acos(std::min(normal, 1.0));
    tangential += std::sqrt(std::max(0.0, 1.0 - normal * normal));
    anisotropy += 1.0 + lambda * s * s;
    ++row.usedSamples;
  }
  if (row.usedSamples > 0) {
    row.meanNormalAngleDegrees = angles / row.usedSamples * 180.0 / std::numbers::pi;
    row.tangentialFraction = tangential / row.usedSamples;
    row.meanAnisotropy = anisotropy / row.usedSamples;
  }
}

// How far the solved geodesic strays from the manifold and how long it is against the truth.
void measurePath(const SyntheticManifold& manifold, const GeodesicResult& geodesic,
                 double referenceLength, NoiseLevelRow& row) {
  const Eigen::MatrixXd& path = geodesic.path;
  for (Eigen::Index i = 0; i < path.cols(); ++i) {
    const double distance = manifold.distanceTo(path.col(i));
    row.maxDistance = std::max(row.maxDistance, distance);
    row.meanDistance += distance / double(path.cols());
  }
  row.pathLength = polylineLength(path);
  row.lengthError = row.pathLength / referenceLength - 1.0;
  row.converged = geodesic.converged;
}

// The scene every row solves (only σ changes from row to row).
SyntheticSceneOptions sceneFor(const NoiseLevelDiagnosisOptions& options,
                               const SyntheticManifold& manifold, const Eigen::VectorXd& from,
                               const Eigen::VectorXd& to) {
  if (options.initialization == PathInitialization::Graph)
    throw InvalidArgumentError(
        "the σ diagnosis starts its geodesic from lerp or slerp, not a graph");
  SyntheticSceneOptions scene;
  scene.manifold = options.manifold;
  scene.score.source = options.score.value_or(defaultScoreSource(manifold));
  scene.score.samples = options.empiricalSamples;
  scene.score.seed = options.seed;
  scene.metric = options.metric;
  scene.metric.kind = MetricKind::Score;
  scene.geodesic.points = options.pathPoints;
  scene.geodesic.initialization = options.initialization;
  // Every row at the --points asked for: refinement would give each σ its own resolution.
  scene.geodesic.refine = false;
  scene.from = from;
  scene.to = to;
  return scene;
}

}  // namespace

bool hasKnownNormals(ManifoldKind kind) {
  return kind == ManifoldKind::Circle || kind == ManifoldKind::Sphere ||
         kind == ManifoldKind::Torus;
}

NoiseLevelDiagnosis diagnoseNoiseLevels(const NoiseLevelDiagnosisOptions& options,
                                        const SolverControl& control) {
  const Stopwatch start;
  checkOptions(options);
  const auto manifold = SyntheticManifold::create(options.manifold);
  const int d = manifold->ambientDimension();

  NoiseLevelDiagnosis out;
  out.manifold = manifold->name();
  out.lambda = options.metric.lambda;
  auto [from, to] = defaultEnds(options.manifold);
  for (const auto* end : {&options.from, &options.to})
    if (end->size() != 0 && (end->size() != d || !end->allFinite()))
      throw InvalidArgumentError("the ends of the test pair must be " + std::to_string(d) +
                                 " finite coordinates");
  if (options.from.size() != 0) from = projected(*manifold, options.from);
  if (options.to.size() != 0) to = projected(*manifold, options.to);
  out.from = from;
  out.to = to;
  std::tie(out.referenceLength, out.referenceMethod) = referenceLength(*manifold, from, to);

  // The same base points and noise directions at every σ: rows differ only by σ.
  const Eigen::MatrixXd base = manifold->sample(options.samples, options.seed);
  std::mt19937_64 rng(options.seed + 1);
  std::normal_distribution<double> gauss;
  const Eigen::MatrixXd noise =
      Eigen::MatrixXd::NullaryExpr(d, options.samples, [&] { return gauss(rng); });

  SyntheticSceneOptions scene = sceneFor(options, *manifold, from, to);
  out.score = toString(scene.score.source);

  const SolverControl cancelOnly = control.cancelOnly();
  const int count = static_cast<int>(options.sigmas.size());
  for (int k = 0; k < count; ++k) {
    control.throwIfCancelled("the σ diagnosis");
    NoiseLevelRow row;
    row.sigma = options.sigmas[k];
    scene.score.sigma = row.sigma;
    SyntheticScene built(scene);
    const Eigen::MatrixXd points = base + row.sigma * noise;
    measureScoreDirections(*manifold, points, built.score()->score(points), options.metric.lambda,
                           row);
    measurePath(*manifold, built.solve(scene, cancelOnly).geodesic, out.referenceLength, row);
    out.rows.push_back(row);
    if (control.progress) control.progress(double(k + 1) / count, k + 1, row.lengthError);
  }
  out.seconds = start.seconds();
  return out;
}

}  // namespace geodex
