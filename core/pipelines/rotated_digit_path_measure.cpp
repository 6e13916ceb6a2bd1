#include "core/pipelines/rotated_digit_path_measure.h"

#include <cmath>
#include <limits>

#include "core/data/rotated_mnist.h"
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_registry.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/pipelines/rotated_digit_level.h"
#include "core/score/score_model.h"

namespace geodex {

namespace {

// The true rotations matched against: every truthStep degrees over [θ₁, θ₂], at least the ends.
Eigen::VectorXd truthAngles(const RotatedDigitGeodesicOptions& o) {
  const int count =
      int(std::floor(std::abs(o.toAngle - o.fromAngle) / o.truthStep + 1e-9)) + 1;
  return evenlySpacedAngles(o.fromAngle, o.toAngle, std::max(count, 2), true);
}

MetricOptions withKind(MetricOptions options, MetricKind kind) {
  options.kind = kind;
  return options;
}

void copyCost(const GeodesicResult& solve, RotatedDigitMethodResult& m) {
  m.iterations = solve.iterations;
  m.scoreEvaluations = solve.scoreEvaluations;
  m.seconds = solve.seconds;
  m.converged = solve.converged;
  if (solve.graphStart) {
    m.graphSeconds = solve.graphStart->seconds;
    m.graphScoreEvaluations = solve.graphStart->scoreEvaluations;
    m.scoreEvaluations += m.graphScoreEvaluations;
  }
}

}  // namespace

RotatedDigitPathMeasure::RotatedDigitPathMeasure(const RotatedDigitLevel& level,
                                                 std::shared_ptr<const ScoreModel> score,
                                                 const RotatedDigitGeodesicOptions& options,
                                                 const Eigen::MatrixXd& truth,
                                                 const Eigen::VectorXd& digit, int rows, int cols)
    : level_(level),
      options_(options),
      score_(std::move(score)),
      truth_(truth),
      evenAngles_(evenlySpacedAngles(options.fromAngle, options.toAngle, options.points, true)),
      refinement_(options.refinement) {
  if (truth.cols() > 0)
    recovery_ = std::make_unique<RotationRecovery>(digit, rows, cols, truthAngles(options));
  // Every path is measured with the paper's metric and the midpoint rule, and with the pullback.
  const int dimension = int(digit.size());
  MetricOptions paper = withKind(options.metric, MetricKind::Score);
  paper.quadratureNodes = 1;
  paperMetric_ = makeMetric(paper, score_, dimension);
  pullbackMetric_ = makeMetric(withKind(options.metric, MetricKind::Pullback), score_, dimension);
}

void RotatedDigitPathMeasure::measure(const std::string& name, const Eigen::MatrixXd& path,
                                      const GeodesicResult* solve, RotatedDigitMethodResult& m,
                                      const SolverControl& control) const {
  m.method = name;
  m.path = path;
  if (solve) copyCost(*solve, m);
  m.images = level_.images(path, *score_, control);
  matchTruth(m);
  for (Eigen::Index j = 0; j + 1 < m.images.cols(); ++j)
    m.imageSteps.push_back((m.images.col(j + 1) - m.images.col(j)).norm() /
                           std::sqrt(double(m.images.rows())));
  m.imageStepUniformity = stepUniformity(m.imageSteps);
  measureLengths(path, m);
}

void RotatedDigitPathMeasure::matchTruth(RotatedDigitMethodResult& m) const {
  if (!recovery_) {
    m.meanMse = m.meanSsim = m.meanAngleError = m.largestAngleStep = m.meanMseToEvenTruth =
        std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const int interior = options_.points - 2;
  m.matches = recovery_->matchAll(m.images);
  std::vector<double> angles;
  for (const auto& match : m.matches) angles.push_back(match.angle);
  for (int j = 1; j <= interior; ++j) {
    m.meanMse += m.matches[j].mse / interior;
    m.meanSsim += m.matches[j].ssim / interior;
    m.meanAngleError += std::abs(angles[j] - evenAngles_[j]) / interior;
    m.meanMseToEvenTruth +=
        (m.images.col(j) - truth_.col(j)).squaredNorm() / double(m.images.rows()) / interior;
  }
  m.monotonic =
      isMonotonic(angles, options_.fromAngle, options_.toAngle, options_.monotonicTolerance);
  m.largestAngleStep = largestAngleStep(angles);
}

void RotatedDigitPathMeasure::measureLengths(const Eigen::MatrixXd& path,
                                             RotatedDigitMethodResult& m) const {
  const PathEnergy paper(*paperMetric_);
  const PathEnergyEvaluation e = paper.evaluate(path, false);
  m.energy = e.energy;
  m.length = e.length;
  m.refinedLength = paper.refinedLength(path, refinement_);
  const PathEnergyEvaluation pullback = PathEnergy(*pullbackMetric_).evaluate(path, false);
  m.pullbackEnergy = pullback.energy;
  m.pullbackLength = pullback.length;
}

}  // namespace geodex
