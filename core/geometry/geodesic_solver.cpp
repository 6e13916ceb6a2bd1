#include "core/geometry/geodesic_solver.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/geometry/evaluation_counter.h"
#include "core/geometry/gauss_newton_solve.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"
#include "core/geometry/solver_progress.h"
#include "core/util/cosine_decay.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

bool lengthsDisagree(const GeodesicResult& result, double tolerance) {
  return !(std::abs(result.refinedLength - result.length) <= tolerance * result.refinedLength);
}

GeodesicSolver::GeodesicSolver(const Metric& metric, GeodesicOptions options)
    : metric_(metric), options_(std::move(options)) {
  GeodesicOptions::kPoints.checked(options_.points);
  if (options_.adamIterations < 1 || options_.maxIterations < 1)
    throw InvalidArgumentError("iteration counts must be at least 1");
  if (!(options_.adamLearningRate > 0.0) || !std::isfinite(options_.adamLearningRate))
    throw InvalidArgumentError("Adam learning rate must be positive");
  if (!(options_.adamFinalLearningRateFraction >= 0.0) ||
      options_.adamFinalLearningRateFraction > 1.0)
    throw InvalidArgumentError("Adam final learning-rate fraction must lie in [0, 1]");
  if (options_.innerIterations < 1 || options_.innerIterations > 1000)
    throw InvalidArgumentError("inner iterations must be in [1, 1000], got " +
                               std::to_string(options_.innerIterations));
  if (!(options_.relativeTolerance >= 0.0))
    throw InvalidArgumentError("relative tolerance must be non-negative");
  if (!(options_.gradientTolerance >= 0.0))
    throw InvalidArgumentError("gradient tolerance must be non-negative");
  if (options_.secantMemory < 0 || options_.secantMemory > 100)
    throw InvalidArgumentError("secant memory must be in [0, 100], got " +
                               std::to_string(options_.secantMemory));
  if (!(options_.refinementTolerance >= 0.0) || !std::isfinite(options_.refinementTolerance))
    throw InvalidArgumentError("refinement tolerance must be a non-negative number");
  RefinedPolygon{options_.refinementPieces};  // throws on a piece count out of range
}

Eigen::MatrixXd GeodesicSolver::initialPath(const Eigen::VectorXd& from,
                                            const Eigen::VectorXd& to) const {
  const int d = metric_.dimension();
  for (const auto* end : {&from, &to}) {
    if (end->size() != d)
      throw InvalidArgumentError("geodesic end has dimension " + std::to_string(end->size()) +
                                 ", the metric lives in R^" + std::to_string(d));
    if (!end->allFinite()) throw InvalidArgumentError("geodesic ends must be finite");
  }
  if (options_.initialPath) {
    const Eigen::MatrixXd& path = *options_.initialPath;
    if (path.rows() != d || path.cols() != options_.points || !path.allFinite())
      throw InvalidArgumentError("initial path must be finite with shape [" + std::to_string(d) +
                                 " × " + std::to_string(options_.points) + "]");
    if ((path.col(0) - from).norm() > 1e-12 || (path.col(path.cols() - 1) - to).norm() > 1e-12)
      throw InvalidArgumentError("initial path must start and end at the requested ends");
    return path;
  }
  return options_.initialization == PathInitialization::Lerp ? lerpPath(from, to, options_.points)
                                                              : slerpPath(from, to, options_.points);
}

GeodesicResult GeodesicSolver::solve(const Eigen::VectorXd& from, const Eigen::VectorXd& to,
                                     const SolverControl& control) const {
  std::optional<GraphStartResult> graph;
  Eigen::MatrixXd path;
  if (options_.initialization == PathInitialization::Graph && !options_.initialPath) {
    if (!options_.graphReferences)
      throw InvalidArgumentError("the graph start needs reference points");
    graph = computeGraphStart(metric_, *options_.graphReferences, from, to, options_.points,
                              options_.graph, control);
    path = graph->path;
  } else {
    path = initialPath(from, to);
  }
  // The solve's own time and network evaluations: not the graph's (added below) nor the Adam
  // path's refined length (measured after it).
  const Stopwatch clock;
  const EvaluationCounter counter(metric_);
  GeodesicResult result = options_.solver == GeodesicSolverKind::Adam
                              ? solveAdam(std::move(path), control)
                              : solveRefining(std::move(path), control);
  result.scoreEvaluations = counter.scoreEvaluations();
  result.jacobianProducts = counter.jacobianProducts();
  result.seconds = clock.seconds();
  if (options_.solver == GeodesicSolverKind::Adam)
    result.refinedLength =
        PathEnergy(metric_).refinedLength(result.path, RefinedPolygon(options_.refinementPieces));
  if (graph) {
    result.seconds += graph->seconds;
    result.graphStart = std::move(graph);
  }
  return result;
}

GeodesicResult GeodesicSolver::solveAdam(Eigen::MatrixXd path, const SolverControl& control) const {
  const PathEnergy energy(metric_);
  const Eigen::Index interior = path.cols() - 2;
  const int iterations = options_.adamIterations;
  constexpr double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  Eigen::MatrixXd firstMoment = Eigen::MatrixXd::Zero(path.rows(), interior);
  Eigen::MatrixXd secondMoment = firstMoment;

  GeodesicResult result;
  result.solver = toString(GeodesicSolverKind::Adam);
  result.stopReason = "iteration budget used";
  for (int it = 0; it < iterations; ++it) {
    control.throwIfCancelled("the geodesic solve");
    const PathEnergyEvaluation eval = energy.evaluate(path, true);
    result.energyHistory.push_back(eval.energy);
    const Eigen::MatrixXd gradient = eval.gradient.middleCols(1, interior);
    firstMoment = beta1 * firstMoment + (1 - beta1) * gradient;
    secondMoment = beta2 * secondMoment + (1 - beta2) * gradient.cwiseAbs2();
    const double correction1 = 1 - std::pow(beta1, it + 1);
    const double correction2 = 1 - std::pow(beta2, it + 1);
    const double lr = cosineDecay(options_.adamLearningRate,
                                  options_.adamFinalLearningRateFraction,
                                  static_cast<double>(it) / iterations);
    path.middleCols(1, interior).array() -=
        lr * (firstMoment.array() / correction1) /
        ((secondMoment.array() / correction2).sqrt() + epsilon);
    result.iterations = it + 1;
    reportIteration(control, path, it + 1, iterations, eval.energy);
  }
  const PathEnergyEvaluation last = energy.evaluate(path, false);
  result.energyHistory.push_back(last.energy);
  result.energy = last.energy;
  result.length = last.length;
  result.path = std::move(path);
  // Adam has no natural stopping rule; call it converged when the last 10 iterations changed
  // the energy by less than 1e-4 relative.
  const auto& h = result.energyHistory;
  if (h.size() > 10) {
    const double recent = std::abs(h.back() - h[h.size() - 11]);
    result.converged = recent <= 1e-4 * std::abs(h.back());
  }
  return result;
}

GeodesicResult GeodesicSolver::solveRefining(Eigen::MatrixXd path,
                                             const SolverControl& control) const {
  const PathEnergy energy(metric_);
  const RefinedPolygon refinement(options_.refinementPieces);
  const RefinedPolygon halved(2);  // a point in the middle of every segment
  const Eigen::Index maxPoints =
      std::min(100000, GeodesicOptions::kMaxRefinedPointsFactor * options_.points);
  const Eigen::Index steadyPoints =
      std::min(100000, GeodesicOptions::kSteadyRefinedPointsFactor * options_.points);
  GeodesicResult result;
  bool first = true;
  // Solves from `start`, carrying on the iterations and energies of the solves before.
  const auto solveFrom = [&](Eigen::MatrixXd start) {
    GeodesicResult next = solveGaussNewton(std::move(start), control);
    if (!first) {
      next.iterations += result.iterations;
      next.newtonSteps += result.newtonSteps;
      next.refinements = result.refinements;
      next.energyHistory.insert(next.energyHistory.begin(), result.energyHistory.begin(),
                                result.energyHistory.end());
    }
    first = false;
    result = std::move(next);
    result.refinedLength = energy.refinedLength(result.path, refinement);
  };
  constexpr int kCoarsePoints = 8;
  if (options_.coarseToFine && options_.points > kCoarsePoints) {
    // kCoarsePoints points, every segment halved while that stays below the points asked for,
    // then resampled to them (at equal Euclidean arc length).
    const auto resampled = [](const Eigen::MatrixXd& polyline, int points) {
      const Eigen::VectorXd pieces =
          (polyline.rightCols(polyline.cols() - 1) - polyline.leftCols(polyline.cols() - 1))
              .colwise()
              .norm()
              .transpose();
      return resampleByArcLength(polyline, pieces, points);
    };
    solveFrom(resampled(path, kCoarsePoints));
    while (2 * (result.path.cols() - 1) + 1 < options_.points)
      solveFrom(halved.spread(result.path));
    solveFrom(resampled(result.path, options_.points));
  } else {
    solveFrom(std::move(path));
  }
  // Only a converged solve is refined: an unconverged one's lengths disagree because the solver
  // has not got there (the helix from SLERP: 200 more iterations at each of 63 and 125 points did
  // not bring it closer than 40 %), not for want of points.
  const auto gapOf = [](const GeodesicResult& r) {
    return std::abs(r.refinedLength - r.length) / r.refinedLength;
  };
  double previousGap = std::numeric_limits<double>::infinity();
  std::string why;
  while (options_.refine && result.converged &&
         lengthsDisagree(result, options_.refinementTolerance)) {
    const Eigen::Index next = 2 * (result.path.cols() - 1) + 1;
    const double gap = gapOf(result);
    if (next > maxPoints) {
      why = "at the point cap";
      break;
    }
    if (next > steadyPoints && !(gap <= 0.5 * previousGap)) {
      const auto percent = [](double g) { return numberText(std::round(1000 * g) / 10); };
      why = "and refining no longer halves the difference (" + percent(previousGap) + " % → " +
            percent(gap) + " %)";
      break;
    }
    previousGap = gap;
    ++result.refinements;
    solveFrom(halved.spread(result.path));
  }
  if (!why.empty())
    result.stopReason += "; length and refined length still differ by more than " +
                         numberText(100 * options_.refinementTolerance) + " % " + why;
  return result;
}

GeodesicResult GeodesicSolver::solveGaussNewton(Eigen::MatrixXd path,
                                                const SolverControl& control) const {
  return GaussNewtonSolve(metric_, options_).run(std::move(path), control);
}

GeodesicResult computeGeodesic(const Metric& metric, const Eigen::VectorXd& from,
                               const Eigen::VectorXd& to, const GeodesicOptions& options,
                               const SolverControl& control) {
  return GeodesicSolver(metric, options).solve(from, to, control);
}

}  // namespace geodex
