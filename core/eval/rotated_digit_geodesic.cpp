#include "core/eval/rotated_digit_geodesic.h"

#include <chrono>
#include <cmath>
#include <random>

#include "core/data/rotated_mnist.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/segment_quadrature_metric.h"
#include "core/score/rotated_digit_score.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

void validate(const RotatedDigitGeodesicOptions& o, const Eigen::VectorXd& digit, int rows,
              int cols) {
  if (rows <= 0 || cols <= 0 || digit.size() != Eigen::Index(rows) * cols)
    throw InvalidArgumentError("the digit has " + std::to_string(digit.size()) + " pixels, not " +
                               std::to_string(rows) + "×" + std::to_string(cols));
  if (o.points < 3)
    throw InvalidArgumentError("a path needs at least 3 points, got " + std::to_string(o.points));
  if (!(o.sigma > 0.0) || !std::isfinite(o.sigma))
    throw InvalidArgumentError("σ (--sigma) must be positive, got " + std::to_string(o.sigma));
  if (!(o.lambda > 0.0) || !std::isfinite(o.lambda))
    throw InvalidArgumentError("λ (--lambda) must be positive, got " + std::to_string(o.lambda));
  if (o.rotations < 2) throw InvalidArgumentError("--rotations must be ≥ 2");
  if (!std::isfinite(o.fromAngle) || !std::isfinite(o.toAngle) || o.fromAngle == o.toAngle)
    throw InvalidArgumentError("the two angles must be finite and different");
  if (std::abs(o.toAngle - o.fromAngle) > 360.0)
    throw InvalidArgumentError("the angles must be at most 360° apart");
  if (o.quadratureNodes < 1 || o.quadratureNodes > 5)
    throw InvalidArgumentError("--quadrature takes 1 to 5 nodes per segment, got " +
                               std::to_string(o.quadratureNodes));
  if (o.refinement < 1) throw InvalidArgumentError("the refinement must be ≥ 1");
  if (!(o.truthStep > 0.0))
    throw InvalidArgumentError("the ground-truth angle step must be positive");
}

// The same polygon with every segment cut into `pieces` equal parts.
Eigen::MatrixXd refinePolygon(const Eigen::MatrixXd& path, int pieces) {
  const Eigen::Index segments = path.cols() - 1;
  Eigen::MatrixXd fine(path.rows(), segments * pieces + 1);
  for (Eigen::Index i = 0; i < segments; ++i)
    for (int k = 0; k < pieces; ++k)
      fine.col(i * pieces + k) =
          path.col(i) + (double(k) / pieces) * (path.col(i + 1) - path.col(i));
  fine.col(fine.cols() - 1) = path.col(segments);
  return fine;
}

}  // namespace

const RotatedDigitMethodResult& RotatedDigitGeodesicResult::method(const std::string& name) const {
  for (const auto& m : methods)
    if (m.method == name) return m;
  throw InvalidArgumentError("no method '" + name + "' in the result");
}

RotatedDigitGeodesicResult computeRotatedDigitGeodesic(const Eigen::VectorXd& digit, int rows,
                                                       int cols,
                                                       const RotatedDigitGeodesicOptions& options,
                                                       const SolverControl& control) {
  validate(options, digit, rows, cols);
  const auto start = std::chrono::steady_clock::now();
  const auto model = makeRotatedDigitScore(digit, rows, cols, options.rotations, options.sigma);
  // The solver's energy: midpoint rule (the paper's) or Gauss–Legendre nodes along each segment.
  const auto makeMetric = [&](std::shared_ptr<const ScoreModel> m) -> std::unique_ptr<Metric> {
    if (options.quadratureNodes == 1) return std::make_unique<ScoreMetric>(m, options.lambda);
    return std::make_unique<SegmentQuadratureMetric>(m, options.lambda, options.quadratureNodes);
  };
  const std::unique_ptr<Metric> metricHolder = makeMetric(model);
  const Metric& metric = *metricHolder;
  const ScoreMetric midpointMetric(model, options.lambda);
  const double sigma2 = options.sigma * options.sigma;

  Eigen::VectorXd a = rotateImage(digit, rows, cols, options.fromAngle);
  Eigen::VectorXd b = rotateImage(digit, rows, cols, options.toAngle);
  RotatedDigitGeodesicResult result;
  Eigen::VectorXd unitNoise = Eigen::VectorXd::Zero(a.size());
  if (options.perturb) {
    // The same ε for both ends (DESIGN.md §1): their difference stays the clean difference.
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    unitNoise.resize(a.size());
    for (Eigen::Index i = 0; i < unitNoise.size(); ++i) unitNoise[i] = normal(rng);
    result.endpointNoiseNorm = options.sigma * unitNoise.norm();
  }
  const Eigen::VectorXd cleanA = a, cleanB = b;
  a = cleanA + options.sigma * unitNoise;
  b = cleanB + options.sigma * unitNoise;

  GeodesicOptions geodesicOptions = options.geodesic;
  geodesicOptions.points = options.points;
  const Eigen::VectorXd evenAngles =
      evenlySpacedAngles(options.fromAngle, options.toAngle, options.points, true);
  result.truth = rotatedCopies(digit, rows, cols, evenAngles);
  if (options.startFromTrueRotations) {
    Eigen::MatrixXd start = result.truth;
    start.colwise() += a - start.col(0);  // the shared noise; the ends become exactly a and b
    start.col(options.points - 1) = b;
    geodesicOptions.initialPath = start;
  }
  // Annealing in σ: geodesics at a geometric sequence of levels from annealFrom down to σ, each
  // starting from the previous one (shifted by the change of the shared noise).
  if (options.annealFrom > options.sigma && options.annealSteps > 0) {
    Eigen::MatrixXd path;
    double previous = 0.0;
    for (int k = 0; k < options.annealSteps && !control.cancelled(); ++k) {
      const double level = options.annealFrom * std::pow(options.sigma / options.annealFrom,
                                                         double(k) / options.annealSteps);
      const auto coarseModel = makeRotatedDigitScore(digit, rows, cols, options.rotations, level);
      const std::unique_ptr<Metric> coarseMetric = makeMetric(coarseModel);
      if (k > 0) {
        path.colwise() += (level - previous) * unitNoise;
        geodesicOptions.initialPath = path;
      }
      path = GeodesicSolver(*coarseMetric, geodesicOptions)
                 .solve(cleanA + level * unitNoise, cleanB + level * unitNoise, control)
                 .path;
      previous = level;
    }
    path.colwise() += (options.sigma - previous) * unitNoise;
    geodesicOptions.initialPath = path;
  }
  result.solver = GeodesicSolver(metric, geodesicOptions).solve(a, b, control);
  result.cancelled = result.solver.cancelled;

  const int truthCount =
      int(std::floor(std::abs(options.toAngle - options.fromAngle) / options.truthStep + 1e-9)) + 1;
  Eigen::VectorXd truthAngles =
      evenlySpacedAngles(options.fromAngle, options.toAngle, std::max(truthCount, 2), true);
  const RotationRecovery recovery(digit, rows, cols, truthAngles);

  const PathEnergy energy(midpointMetric);
  const std::pair<const char*, Eigen::MatrixXd> paths[] = {
      {"geodesic", result.solver.path},
      {"lerp", lerpPath(a, b, options.points)},
      {"slerp", slerpPath(a, b, options.points)}};
  for (const auto& [name, path] : paths) {
    RotatedDigitMethodResult m;
    m.method = name;
    m.path = path;
    // Tweedie: x + σ² s(x) = E[clean | x] for the smoothed empirical measure.
    m.images = options.denoise ? Eigen::MatrixXd(path + sigma2 * model->score(path)) : path;
    m.matches = recovery.matchAll(m.images);
    std::vector<double> angles;
    for (const auto& match : m.matches) angles.push_back(match.angle);
    const int interior = options.points - 2;
    for (int j = 1; j <= interior; ++j) {
      m.meanMse += m.matches[j].mse / interior;
      m.meanSsim += m.matches[j].ssim / interior;
    }
    for (int j = 1; j <= interior; ++j)
      m.meanAngleError += std::abs(angles[j] - evenAngles[j]) / interior;
    m.monotonic =
        isMonotonic(angles, options.fromAngle, options.toAngle, options.monotonicTolerance);
    m.largestAngleStep = largestAngleStep(angles);
    const PathEnergyEvaluation e = energy.evaluate(path, false);
    m.energy = e.energy;
    m.length = e.length;
    m.refinedLength = energy.evaluate(refinePolygon(path, options.refinement), false).length;
    result.methods.push_back(std::move(m));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace geodex
