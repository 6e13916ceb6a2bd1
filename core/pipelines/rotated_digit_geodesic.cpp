#include "core/pipelines/rotated_digit_geodesic.h"

#include <algorithm>
#include <cmath>

#include "core/data/digit_reference_pool.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/pipelines/rotated_digit_level.h"
#include "core/pipelines/rotated_digit_path_measure.h"
#include "core/score/score_model.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

// Digits per U-Net call while the graph start measures its edges.
constexpr int kNetworkGraphBatch = 256;

// The clean images of the exact score's graph references: every digit's copies at `rotations`
// angles over the full turn.
Eigen::MatrixXd rotatedReferenceImages(const Eigen::MatrixXd& digits, int rows, int cols,
                                       int rotations) {
  const Eigen::VectorXd angles = evenlySpacedAngles(0.0, 360.0, rotations, false);
  Eigen::MatrixXd out(digits.rows(), digits.cols() * rotations);
  for (Eigen::Index k = 0; k < digits.cols(); ++k)
    out.middleCols(k * rotations, rotations) = rotatedCopies(digits.col(k), rows, cols, angles);
  return out;
}

}  // namespace

const RotatedDigitMethodResult& RotatedDigitGeodesicResult::method(const std::string& name) const {
  for (const auto& m : methods)
    if (m.method == name) return m;
  throw InvalidArgumentError("no method '" + name + "' in the result");
}

std::vector<const RotatedDigitMethodResult*> RotatedDigitGeodesicResult::measuredPaths() const {
  std::vector<const RotatedDigitMethodResult*> out;
  for (const auto& m : methods) out.push_back(&m);
  if (!trueRotations.method.empty()) out.push_back(&trueRotations);
  return out;
}

RotatedDigitGeodesic::RotatedDigitGeodesic(const Eigen::VectorXd& first,
                                           const Eigen::VectorXd& second, bool sameDigit, int rows,
                                           int cols, const RotatedDigitGeodesicOptions& options)
    : first_(first),
      second_(second),
      sameDigit_(sameDigit),
      rows_(rows),
      cols_(cols),
      options_(options) {
  checkDigitSize(first, rows, cols);
  checkDigitSize(second, rows, cols);
  checkRotatedDigitOptions(options, rows, cols, sameDigit ? 1 : 2);
  if (sameDigit && options.fromAngle == options.toAngle)
    throw InvalidArgumentError("the two angles must be different");
  if (sameDigit)
    truth_ = rotatedCopies(first, rows, cols,
                           evenlySpacedAngles(options.fromAngle, options.toAngle, options.points, true));
}

RotatedDigitGeodesic RotatedDigitGeodesic::rotation(const Eigen::VectorXd& digit, int rows,
                                                    int cols,
                                                    const RotatedDigitGeodesicOptions& options) {
  return RotatedDigitGeodesic(digit, digit, true, rows, cols, options);
}

RotatedDigitGeodesic RotatedDigitGeodesic::pair(const Eigen::VectorXd& first,
                                                const Eigen::VectorXd& second, int rows, int cols,
                                                const RotatedDigitGeodesicOptions& options) {
  return RotatedDigitGeodesic(first, second, false, rows, cols, options);
}

Eigen::MatrixXd RotatedDigitGeodesic::digits() const {
  Eigen::MatrixXd digits(first_.size(), sameDigit_ ? 1 : 2);
  digits.col(0) = first_;
  if (!sameDigit_) digits.col(1) = second_;
  return digits;
}

std::shared_ptr<const Eigen::MatrixXd> RotatedDigitGeodesic::referenceSet(
    const RotatedDigitLevel& level) const {
  return std::make_shared<const Eigen::MatrixXd>(level.toLevel(
      options_.graphImages ? *options_.graphImages
                           : rotatedReferenceImages(digits(), rows_, cols_, options_.rotations)));
}

GeodesicOptions RotatedDigitGeodesic::startOf(const RotatedDigitGeodesicMethod& method,
                                              const Ends& ends, const RotatedDigitLevel& level,
                                              const SolverControl& control) const {
  GeodesicOptions o = options_.geodesic;
  o.points = options_.points;
  o.solver = method.solver;
  o.initialization = method.initialization;
  if (options_.startFromTrueRotations && sameDigit_) o.initialPath = ends.truthAtLevel;
  if (method.initialization == PathInitialization::Graph) {
    if (!ends.references) ends.references = referenceSet(level);
    o.graphReferences = ends.references;
    o.graph = options_.graph;
    // The U-Net's activations for thousands of digits at once take gigabytes, fetched from the
    // system afresh on every call; batches of a few hundred stay in memory already mapped.
    if (options_.model) o.graph.batch = std::min(o.graph.batch, kNetworkGraphBatch);
    o.graph.referenceLabel =
        options_.graphImages ? "reference digits" : "rotated copies of the digit";
  }
  if (!options_.model && options_.annealFrom > options_.sigma && options_.annealSteps > 0)
    o.initialPath = annealedStart(method, o, ends, level, control);
  return o;
}

Eigen::MatrixXd RotatedDigitGeodesic::annealedStart(const RotatedDigitGeodesicMethod& method,
                                                    GeodesicOptions annealing, const Ends& ends,
                                                    const RotatedDigitLevel& level,
                                                    const SolverControl& control) const {
  // Annealing in σ (exact score only): geodesics at a geometric sequence of levels from
  // annealFrom down to σ, each starting from the previous one (shifted by the change of the
  // shared noise). The graph's references live at level σ: the coarsest level starts from SLERP
  // instead, and the annealed path then replaces the graph start at σ.
  const Eigen::VectorXd& noise = level.unitNoise();
  const MetricOptions metric = metricOf(method);
  annealing.graphReferences.reset();
  if (method.initialization == PathInitialization::Graph)
    annealing.initialization = PathInitialization::Slerp;
  Eigen::MatrixXd path;
  double previous = 0.0;
  for (int k = 0; k < options_.annealSteps && !control.cancelled(); ++k) {
    const double sigma = options_.annealFrom * std::pow(options_.sigma / options_.annealFrom,
                                                        double(k) / options_.annealSteps);
    const std::unique_ptr<Metric> coarseMetric =
        makeMetric(metric, level.scoreAt(digits(), rows_, cols_, sigma), int(first_.size()));
    if (k > 0) {
      path.colwise() += (sigma - previous) * noise;
      annealing.initialPath = path;
    }
    path = GeodesicSolver(*coarseMetric, annealing)
               .solve(ends.cleanA + sigma * noise, ends.cleanB + sigma * noise, control)
               .path;
    previous = sigma;
  }
  path.colwise() += (options_.sigma - previous) * noise;
  return path;
}

MetricOptions RotatedDigitGeodesic::metricOf(const RotatedDigitGeodesicMethod& method) const {
  MetricOptions o = options_.metric;
  o.kind = method.metric;
  return o;
}

RotatedDigitGeodesicResult RotatedDigitGeodesic::solve(const SolverControl& control) const {
  const Stopwatch start;
  const RotatedDigitLevel level(first_.size(), options_);
  const std::shared_ptr<const ScoreModel> score =
      level.scoreAt(digits(), rows_, cols_, options_.sigma);
  RotatedDigitGeodesicResult result;
  result.score = options_.model ? score->name() : "exact";
  result.endpointNoiseNorm = level.endpointNoiseNorm();
  result.truth = truth_;
  Ends ends;
  ends.cleanA = rotateImage(first_, rows_, cols_, options_.fromAngle);
  ends.cleanB = rotateImage(second_, rows_, cols_, options_.toAngle);
  ends.a = level.toLevel(ends.cleanA);
  ends.b = level.toLevel(ends.cleanB);
  if (sameDigit_) {
    // The true rotations with the same noise: a diagnostic start, and a path measured beside
    // the methods; exactly the ends, whatever rounding the rotation did.
    ends.truthAtLevel = level.toLevel(truth_);
    ends.truthAtLevel.col(0) = ends.a;
    ends.truthAtLevel.col(options_.points - 1) = ends.b;
  }
  std::vector<GeodesicResult> solves;
  for (const RotatedDigitGeodesicMethod& method : options_.methods) {
    const GeodesicOptions geodesic = startOf(method, ends, level, control);
    const std::unique_ptr<Metric> metric =
        makeMetric(metricOf(method), score, int(first_.size()));
    solves.push_back(GeodesicSolver(*metric, geodesic).solve(ends.a, ends.b, control));
  }
  result.solver = solves.front();
  measure(solves, ends, level, score, result, control);
  result.seconds = start.seconds();
  return result;
}

void RotatedDigitGeodesic::measure(const std::vector<GeodesicResult>& solves, const Ends& ends,
                                   const RotatedDigitLevel& level,
                                   const std::shared_ptr<const ScoreModel>& score,
                                   RotatedDigitGeodesicResult& result,
                                   const SolverControl& control) const {
  const RotatedDigitPathMeasure measure(level, score, options_, truth_, first_, rows_, cols_);
  for (std::size_t k = 0; k < solves.size(); ++k) {
    RotatedDigitMethodResult m;
    measure.measure(options_.methods[k].name, solves[k].path, &solves[k], m, control);
    result.methods.push_back(std::move(m));
  }
  const std::pair<const char*, Eigen::MatrixXd> chords[] = {
      {"lerp", lerpPath(ends.a, ends.b, options_.points)},
      {"slerp", slerpPath(ends.a, ends.b, options_.points)}};
  for (const auto& [name, path] : chords) {
    RotatedDigitMethodResult m;
    measure.measure(name, path, nullptr, m, control);
    result.methods.push_back(std::move(m));
  }
  if (sameDigit_)
    measure.measure("true-rotations", ends.truthAtLevel, nullptr, result.trueRotations, control);
}

RotatedDigitGeodesicResult computeRotatedDigitGeodesic(const Eigen::VectorXd& digit, int rows,
                                                       int cols,
                                                       const RotatedDigitGeodesicOptions& options,
                                                       const SolverControl& control) {
  return RotatedDigitGeodesic::rotation(digit, rows, cols, options).solve(control);
}

RotatedDigitGeodesicResult computeDigitPairGeodesic(const Eigen::VectorXd& first,
                                                    const Eigen::VectorXd& second, int rows,
                                                    int cols,
                                                    const RotatedDigitGeodesicOptions& options,
                                                    const SolverControl& control) {
  return RotatedDigitGeodesic::pair(first, second, rows, cols, options).solve(control);
}

bool usesGraphStart(const RotatedDigitGeodesicOptions& options) {
  for (const auto& m : options.methods)
    if (m.initialization == PathInitialization::Graph) return true;
  return false;
}

std::shared_ptr<const Eigen::MatrixXd> nearestPoolDigits(const DigitReferencePool& pool,
                                                         const Eigen::VectorXd& first,
                                                         const Eigen::VectorXd& second, int rows,
                                                         int cols,
                                                         const RotatedDigitGeodesicOptions& options,
                                                         const NearestRotatedDigitsOptions& digits) {
  checkDigitSize(first, rows, cols);
  checkDigitSize(second, rows, cols);
  Eigen::MatrixXd ends(first.size(), 2);
  ends.col(0) = rotateImage(first, rows, cols, options.fromAngle);
  ends.col(1) = rotateImage(second, rows, cols, options.toAngle);
  return pool.nearest(ends, digits);
}

}  // namespace geodex
