#include "core/geometry/geodesic_solver.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/geometry/embedding_gauss_newton_system.h"
#include "core/geometry/evaluation_counter.h"
#include "core/geometry/gauss_newton_system.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/path_energy_hessian.h"
#include "core/geometry/refined_polygon.h"
#include "core/geometry/secant_corrections.h"
#include "core/util/cosine_decay.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

// The longest step the Gauss–Newton line search extrapolates to.
constexpr double kMaxStepExpansion = 8.0;

void report(const SolverControl& control, const Eigen::MatrixXd& path, int iteration,
            int maxIterations, double energy) {
  if (control.progress)
    control.progress(std::min(1.0, double(iteration) / std::max(1, maxIterations)), iteration,
                     energy);
  if (control.snapshot && control.snapshotEvery > 0 && iteration % control.snapshotEvery == 0)
    control.snapshot(path, iteration, energy);
}

// gᵀS⁻¹g / E for the interior gradient g [d × (N−1)], S = N·(L ⊗ I) the Euclidean path energy's
// Hessian: the energy a Newton step in the path's own norm would still gain, relative to E
// (a scale-free stationarity measure; a Thomas solve of L per coordinate).
double relativeGradient(const Eigen::MatrixXd& gradient, double energy) {
  const Eigen::Index m = gradient.cols();
  const double segments = double(m + 1);
  // L = tridiag(−1, 2, −1): forward elimination, then back substitution.
  Eigen::VectorXd diagonal(m);
  Eigen::MatrixXd x = gradient;
  diagonal[0] = 2.0;
  for (Eigen::Index i = 1; i < m; ++i) {
    const double factor = -1.0 / diagonal[i - 1];
    diagonal[i] = 2.0 + factor;
    x.col(i) -= factor * x.col(i - 1);
  }
  x.col(m - 1) /= diagonal[m - 1];
  for (Eigen::Index i = m - 2; i >= 0; --i) x.col(i) = (x.col(i) + x.col(i + 1)) / diagonal[i];
  const double dual = (gradient.array() * x.array()).sum() / segments;
  return dual / std::max(std::abs(energy), std::numeric_limits<double>::min());
}

bool lengthsDisagree(const GeodesicResult& result, double tolerance) {
  return !(std::abs(result.refinedLength - result.length) <= tolerance * result.refinedLength);
}

}  // namespace

GeodesicSolver::GeodesicSolver(const Metric& metric, GeodesicOptions options)
    : metric_(metric), options_(std::move(options)) {
  if (options_.points < 3)
    throw InvalidArgumentError("a geodesic needs at least 3 points, got " +
                               std::to_string(options_.points));
  if (options_.points > 100000)
    throw InvalidArgumentError("too many path points: " + std::to_string(options_.points));
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
    report(control, path, it + 1, iterations, eval.energy);
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
  while (options_.refine && result.converged &&
         lengthsDisagree(result, options_.refinementTolerance) &&
         2 * (result.path.cols() - 1) + 1 <= maxPoints) {
    ++result.refinements;
    solveFrom(halved.spread(result.path));
  }
  if (options_.refine && result.converged &&
      lengthsDisagree(result, options_.refinementTolerance))
    result.stopReason += "; length and refined length still differ by more than " +
                         numberText(100 * options_.refinementTolerance) + " % at the point cap";
  return result;
}

GeodesicResult GeodesicSolver::solveGaussNewton(Eigen::MatrixXd path,
                                                const SolverControl& control) const {
  const PathEnergy energy(metric_);
  const Eigen::Index interior = path.cols() - 2;
  constexpr double armijo = 1e-4;
  const NodeEmbedding* embedding = metric_.nodeEmbedding();
  // The Gauss–Newton model's inverse at an evaluated path, applied to a right-hand side.
  // With newtonEveryStep: the Gauss–Newton steps are damped as well (Levenberg–Marquardt,
  // μ·S added to the model; μ raised when a step had to be shortened, lowered after full steps).
  double gaussNewtonShift = 0.0;
  const auto modelInverse = [&](const PathEnergyEvaluation& at, const Eigen::MatrixXd& rhs) {
    if (embedding)
      return EmbeddingGaussNewtonSystem(*embedding, at, options_.innerIterations, 1e-3).solve(rhs);
    return GaussNewtonSystem(at, gaussNewtonShift).solve(rhs);
  };
  const auto interiorOf = [&](const Eigen::MatrixXd& m) { return m.middleCols(1, interior); };
  SecantCorrections secants(options_.secantMemory);
  const bool newtonAllowed =
      options_.newtonSteps && metric_.dimension() <= PathEnergyHessian::kMaxDimension;
  // Newton steps pay for their Hessian (3d gradient evaluations) only in Gauss–Newton's slow
  // linear tail: they start when a full step lowers E by less than kTailChange·E yet by more than
  // kSlowRate of the full step before (as Fletcher and Xu's hybrid switches on a slow rate), and
  // go on while they are taken in full.
  constexpr double kTailChange = 1e-4, kSlowRate = 0.3;
  bool newtonPhase = false;
  double lastFullDecrease = -1.0;  // E's decrease by the last iteration when it was a full step
  // Newton on every iteration (options_.newtonEveryStep): μ of the damped system H + μS, raised
  // when a step had to be shortened and lowered after full steps (a trust region).
  const bool newtonAlways = newtonAllowed && options_.newtonEveryStep;
  // Newton follows a step taken in full (near the geodesic); after a shortened step, or where
  // H + μS is not positive definite for μ ≤ kMaxShift (μS as large as the isotropic part of g),
  // the Gauss–Newton step, which is sound far from the geodesic.
  constexpr double kMinShift = 1e-4, kMaxShift = 1e2;
  double shift = 0.0;

  GeodesicResult result;
  result.solver = toString(GeodesicSolverKind::GaussNewton);
  result.stopReason = "iteration budget used";
  PathEnergyEvaluation eval = energy.evaluate(path, true);
  result.energyHistory.push_back(eval.energy);
  int it = 0;
  while (it < options_.maxIterations) {
    control.throwIfCancelled("the geodesic solve");
    const Eigen::MatrixXd gradient = interiorOf(eval.gradient);
    const auto baseInverse = [&](const Eigen::MatrixXd& rhs) { return modelInverse(eval, rhs); };
    std::optional<Eigen::MatrixXd> newtonDirection;
    if (newtonAlways) {
      const PathEnergyHessian hessian(energy, path, eval.gradient);
      double trialShift = shift / 4.0 < kMinShift ? 0.0 : shift / 4.0;
      while (!(newtonDirection = hessian.dampedStep(gradient, trialShift)) &&
             trialShift < kMaxShift)
        trialShift = std::max(kMinShift, 4.0 * trialShift);
      shift = std::min(trialShift, kMaxShift);
    } else if (newtonAllowed && newtonPhase) {
      newtonDirection = PathEnergyHessian(energy, path, eval.gradient).newtonStep(gradient);
    }
    bool newton = newtonDirection.has_value();  // this iteration's step is a Newton step
    Eigen::MatrixXd step = newton ? std::move(*newtonDirection) : -secants.apply(gradient, baseInverse);
    double slope = (gradient.array() * step.array()).sum();
    if (!(slope < 0.0) && (newton || !secants.empty())) {  // a model spoilt: back to Gauss–Newton
      newton = false;
      secants.clear();
      step = -baseInverse(gradient);
      slope = (gradient.array() * step.array()).sum();
    }
    if (newton) ++result.newtonSteps;
    if (!(slope < 0.0)) {  // no descent direction left: stationary to working precision
      result.converged = true;
      result.relativeGradient = relativeGradient(gradient, eval.energy);
      result.stopReason = "stationary";
      break;
    }
    // Backtracking line search on the true energy (Armijo). Trials carry gradients so an
    // accepted trial needs no second evaluation.
    bool accepted = false, watchdog = false;
    PathEnergyEvaluation trialEval;
    Eigen::MatrixXd trial = path;
    double t = 1.0;
    for (; t > 1e-12; t *= 0.5) {
      trial.middleCols(1, interior) = interiorOf(path) + t * step;
      trialEval = energy.evaluate(trial, true);
      if (trialEval.energy <= eval.energy + armijo * t * slope) {
        accepted = true;
        break;
      }
      // Watchdog: a full step that overshoots on a curved manifold mostly leaves it sideways,
      // and the next Gauss–Newton step brings it back; when the two together lower the energy
      // enough, both are taken (two iterations) instead of a short step.
      if (options_.watchdogSteps && t == 1.0 && it + 1 < options_.maxIterations &&
          std::isfinite(trialEval.energy)) {
        Eigen::MatrixXd second = trial;
        second.middleCols(1, interior) -= modelInverse(trialEval, interiorOf(trialEval.gradient));
        PathEnergyEvaluation secondEval = energy.evaluate(second, true);
        if (secondEval.energy <= eval.energy + armijo * slope) {
          result.energyHistory.push_back(trialEval.energy);
          trial = std::move(second);
          trialEval = std::move(secondEval);
          accepted = watchdog = true;
          break;
        }
      }
    }
    // A full step that was accepted may still be short: the Gauss–Newton model leaves out the
    // residuals' curvature, and near a geodesic that hugs a curved manifold it overestimates the
    // energy's curvature (full steps then converge only linearly). When the quadratic through
    // E(0), E'(0) and E(1) puts its minimum well beyond 1, try that step once.
    if (accepted && !watchdog && !newton && t == 1.0) {
      const double curvature = trialEval.energy - eval.energy - slope;
      if (curvature > 0.0) {
        const double longer = std::min(-slope / (2.0 * curvature), kMaxStepExpansion);
        if (longer > 1.5) {
          Eigen::MatrixXd extended = path;
          extended.middleCols(1, interior) += longer * step;
          PathEnergyEvaluation extendedEval = energy.evaluate(extended, true);
          if (extendedEval.energy < trialEval.energy) {
            trial = std::move(extended);
            trialEval = std::move(extendedEval);
          }
        }
      }
    }
    if (!accepted) {
      // Even tiny steps do not lower E: we sit at a minimum to rounding precision.
      result.relativeGradient = relativeGradient(gradient, eval.energy);
      result.converged = std::abs(slope) <= 1e-12 * std::max(1.0, std::abs(eval.energy)) ||
                         result.relativeGradient <= options_.gradientTolerance;
      result.stopReason = "line search could not lower the energy";
      break;
    }
    // Secant pairs only from full steps near the solution; a damped step or a watchdog pair
    // means the iterate is still far and its pairs would mislead the model.
    if (t == 1.0 && !watchdog)
      secants.add(interiorOf(trial) - interiorOf(path),
                  interiorOf(trialEval.gradient) - gradient);
    else
      secants.clear();
    const double decrease = eval.energy - trialEval.energy;
    const bool fullStep = t == 1.0 && !watchdog;
    const bool slowTail = decrease < kTailChange * std::abs(trialEval.energy) &&
                          decrease > kSlowRate * lastFullDecrease && lastFullDecrease > 0.0;
    newtonPhase = fullStep && ((newtonPhase && newton) || slowTail);
    lastFullDecrease = fullStep ? decrease : -1.0;
    if (newton && t < 1.0) shift = std::min(kMaxShift, std::max(kMinShift, 4.0 * shift));
    if (newtonAlways && !newton && !watchdog)
      gaussNewtonShift = t < 1.0 ? std::min(kMaxShift, std::max(1e-2, 4.0 * gaussNewtonShift))
                         : gaussNewtonShift / 4.0 < kMinShift ? 0.0
                                                              : gaussNewtonShift / 4.0;
    path = trial;
    eval = std::move(trialEval);
    it += watchdog ? 2 : 1;
    result.iterations = it;
    result.energyHistory.push_back(eval.energy);
    report(control, path, it, options_.maxIterations, eval.energy);
    result.relativeGradient = relativeGradient(interiorOf(eval.gradient), eval.energy);
    if (decrease <= options_.relativeTolerance * std::abs(eval.energy) &&
        result.relativeGradient <= options_.gradientTolerance) {
      result.converged = true;
      result.stopReason = "energy change and gradient below tolerance";
      break;
    }
  }
  result.energy = eval.energy;
  result.length = eval.length;
  result.path = std::move(path);
  return result;
}

GeodesicResult computeGeodesic(const Metric& metric, const Eigen::VectorXd& from,
                               const Eigen::VectorXd& to, const GeodesicOptions& options,
                               const SolverControl& control) {
  return GeodesicSolver(metric, options).solve(from, to, control);
}

}  // namespace geodex
