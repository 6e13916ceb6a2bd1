#include "core/geometry/gauss_newton_solve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/geometry/embedding_gauss_newton_system.h"
#include "core/geometry/gauss_newton_system.h"
#include "core/geometry/path_energy_hessian.h"
#include "core/geometry/path_energy_hessian_product.h"
#include "core/geometry/solver_progress.h"
#include "core/geometry/truncated_newton_step.h"
#include "core/score/score_model.h"

namespace geodex {

namespace {

constexpr double kArmijo = 1e-4;
// The longest step the line search extrapolates to.
constexpr double kMaxStepExpansion = 8.0;
// Newton steps pay for their Hessian (3d gradient evaluations) only in Gauss–Newton's slow
// linear tail: they start when a full step lowers E by less than kTailChange·E yet by more than
// kSlowRate of the full step before (as Fletcher and Xu's hybrid switches on a slow rate), and go
// on while they are taken in full.
constexpr double kTailChange = 1e-4, kSlowRate = 0.3;
// Newton follows a step taken in full (near the geodesic); after a shortened step, or where
// H + μS is not positive definite for μ ≤ kMaxShift (μS as large as the isotropic part of g), the
// Gauss–Newton step, which is sound far from the geodesic.
constexpr double kMinShift = 1e-4, kMaxShift = 1e2;
// Truncated Newton–CG (above PathEnergyHessian::kMaxDimension): Hessian products over
// kCurvatureScale of the Gauss–Newton step's length, never below kCurvatureFloor·(1 + ‖x‖)
// (the float32 network's noise); CG stops once the residual is kForcing of the gradient. On the
// U-Net, forward and central differences at this scale agreed within a few % over most of a
// solve (bench_mnist_unet_geodesic tail, docs/benchmarks.md).
constexpr double kCurvatureScale = 0.03, kCurvatureFloor = 1e-5, kForcing = 0.1;
// An energy change below kResolvableChange · u · E (u the score's unit roundoff) counts as none:
// on the shipped float32 U-Net, E at a converged path moved by 2e-10 – 2.5e-8 relative (digits
// 0–2) under perturbations far too small to change it (u/2 = 3e-8), and asking for 1e-10 there
// cost 60–380 score evaluations of rounding per solve (bench_mnist_unet_geodesic tail).
constexpr double kResolvableChange = 0.5;

// The relative energy change a solve stops at: the one asked for, or what the score resolves.
double reachableTolerance(const Metric& metric, double asked) {
  const ScoreModel* score = metric.scoreModel();
  return std::max(asked, score ? kResolvableChange * score->unitRoundoff() : 0.0);
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

}  // namespace

GaussNewtonSolve::GaussNewtonSolve(const Metric& metric, const GeodesicOptions& options)
    : options_(options),
      relativeTolerance_(reachableTolerance(metric, options.relativeTolerance)),
      energy_(metric),
      embedding_(metric.nodeEmbedding()),
      secants_(options.secantMemory),
      newtonAllowed_(options.newtonSteps && metric.dimension() <= PathEnergyHessian::kMaxDimension),
      newtonAlways_(newtonAllowed_ && options.newtonEveryStep),
      newtonCgAllowed_(options.newtonSteps && options.newtonCgIterations > 0 &&
                       metric.dimension() > PathEnergyHessian::kMaxDimension && !embedding_),
      newtonCgAlways_(newtonCgAllowed_ && options.newtonEveryStep),
      dampedGaussNewton_(newtonAlways_ || metric.dimension() > PathEnergyHessian::kMaxDimension) {}

Eigen::MatrixXd GaussNewtonSolve::modelInverse(const PathEnergyEvaluation& at,
                                               const Eigen::MatrixXd& rhs) const {
  if (embedding_)
    return EmbeddingGaussNewtonSystem(*embedding_, at, options_.innerIterations, 1e-3).solve(rhs);
  // With newtonEveryStep, and above PathEnergyHessian::kMaxDimension, the Gauss–Newton steps
  // are damped (Levenberg–Marquardt, μ·S added to the model).
  return GaussNewtonSystem(at, gaussNewtonShift_).solve(rhs);
}

GaussNewtonSolve::Step GaussNewtonSolve::chooseStep(const Eigen::MatrixXd& path,
                                                    const PathEnergyEvaluation& eval,
                                                    const Eigen::MatrixXd& gradient,
                                                    bool newtonWanted) {
  const auto baseInverse = [&](const Eigen::MatrixXd& rhs) { return modelInverse(eval, rhs); };
  std::optional<Eigen::MatrixXd> newtonDirection;
  if (newtonAlways_) {
    // μ lowered after full steps, raised until H + μS is positive definite (a trust region).
    const PathEnergyHessian hessian(energy_, path, eval.gradient);
    double trialShift = shift_ / 4.0 < kMinShift ? 0.0 : shift_ / 4.0;
    while (!(newtonDirection = hessian.dampedStep(gradient, trialShift)) && trialShift < kMaxShift)
      trialShift = std::max(kMinShift, 4.0 * trialShift);
    shift_ = std::min(trialShift, kMaxShift);
  } else if (newtonAllowed_ && newtonPhase_) {
    newtonDirection = PathEnergyHessian(energy_, path, eval.gradient).newtonStep(gradient);
  } else if (newtonCgAllowed_ && newtonWanted && (newtonPhase_ || newtonCgAlways_)) {
    newtonDirection = truncatedNewtonDirection(path, eval, gradient);
  }
  Step step;
  step.newton = newtonDirection.has_value();
  step.direction =
      step.newton ? std::move(*newtonDirection) : -secants_.apply(gradient, baseInverse);
  step.slope = (gradient.array() * step.direction.array()).sum();
  if (!(step.slope < 0.0) && (step.newton || !secants_.empty())) {  // a model spoilt: plain GN
    step.newton = false;
    secants_.clear();
    step.direction = -baseInverse(gradient);
    step.slope = (gradient.array() * step.direction.array()).sum();
  }
  return step;
}

Eigen::MatrixXd GaussNewtonSolve::truncatedNewtonDirection(const Eigen::MatrixXd& path,
                                                           const PathEnergyEvaluation& eval,
                                                           const Eigen::MatrixXd& gradient) const {
  const auto baseInverse = [&](const Eigen::MatrixXd& rhs) { return modelInverse(eval, rhs); };
  const double gaussNewtonLength = baseInverse(gradient).norm();
  // The curvature at the scale of the step, not of the rounding: on the U-Net's score the
  // energy is far from quadratic over a Gauss–Newton step, and products over a fixed
  // √(float ε)·(1 + ‖x‖) measured a curvature several times the one over a few % of the step.
  const double displacement =
      std::max(kCurvatureScale * gaussNewtonLength,
               kCurvatureFloor * (1.0 + interiorOf(path).norm()));
  const PathEnergyHessianProduct hessian(energy_, path, eval.gradient, displacement);
  const auto hessianTimes = [&](const Eigen::MatrixXd& v) { return hessian.apply(v); };
  // Every step: kept within the Gauss–Newton step's length (Steihaug), since far from the
  // geodesic negative curvature is common; in the tail the CG iterate so far.
  return TruncatedNewtonStep::solve(gradient, hessianTimes, baseInverse,
                                    options_.newtonCgIterations, kForcing,
                                    newtonCgAlways_ ? gaussNewtonLength : 0.0)
      .direction;
}

GaussNewtonSolve::LineSearch GaussNewtonSolve::searchLine(const Eigen::MatrixXd& path,
                                                          const PathEnergyEvaluation& eval,
                                                          const Step& step, int iteration,
                                                          std::vector<double>& history) const {
  // Trials carry gradients so an accepted trial needs no second evaluation.
  LineSearch found;
  found.path = path;
  // Halving stops once a step this short could not lower E by more than the convergence
  // tolerance (to first order t·|slope|): shorter trials only measure rounding, and on a float32
  // network each one is the score of a whole path (some 30 of them ended the U-Net's solves).
  const double smallestDecrease = relativeTolerance_ * std::abs(eval.energy);
  for (found.t = 1.0; found.t > 1e-12; found.t *= 0.5) {
    if (found.t < 1.0 && !(-found.t * step.slope > smallestDecrease)) {
      found.belowTolerance = true;
      break;
    }
    found.path.middleCols(1, interior_) = interiorOf(path) + found.t * step.direction;
    found.eval = energy_.evaluate(found.path, true);
    if (found.eval.energy <= eval.energy + kArmijo * found.t * step.slope) {
      found.accepted = true;
      return found;
    }
    // Watchdog: a full step that overshoots on a curved manifold mostly leaves it sideways, and
    // the next Gauss–Newton step brings it back; when the two together lower the energy enough,
    // both are taken (two iterations) instead of a short step.
    if (options_.watchdogSteps && found.t == 1.0 && iteration + 1 < options_.maxIterations &&
        std::isfinite(found.eval.energy)) {
      Eigen::MatrixXd second = found.path;
      second.middleCols(1, interior_) -= modelInverse(found.eval, interiorOf(found.eval.gradient));
      PathEnergyEvaluation secondEval = energy_.evaluate(second, true);
      if (secondEval.energy <= eval.energy + kArmijo * step.slope) {
        history.push_back(found.eval.energy);
        found.path = std::move(second);
        found.eval = std::move(secondEval);
        found.accepted = found.watchdog = true;
        return found;
      }
    }
  }
  return found;
}

void GaussNewtonSolve::tryLongerStep(const Eigen::MatrixXd& path, const PathEnergyEvaluation& eval,
                                     const Step& step, LineSearch& found) const {
  // A full Gauss–Newton step that was accepted may still be short: the model leaves out the
  // residuals' curvature, and near a geodesic that hugs a curved manifold it overestimates the
  // energy's curvature (full steps then converge only linearly). When the quadratic through
  // E(0), E'(0) and E(1) puts its minimum well beyond 1, try that step once.
  const double curvature = found.eval.energy - eval.energy - step.slope;
  if (!(curvature > 0.0)) return;
  const double longer = std::min(-step.slope / (2.0 * curvature), kMaxStepExpansion);
  if (!(longer > 1.5)) return;
  Eigen::MatrixXd extended = path;
  extended.middleCols(1, interior_) += longer * step.direction;
  PathEnergyEvaluation extendedEval = energy_.evaluate(extended, true);
  if (extendedEval.energy < found.eval.energy) {
    found.path = std::move(extended);
    found.eval = std::move(extendedEval);
  }
}

void GaussNewtonSolve::adapt(const Step& step, const LineSearch& found, const Eigen::MatrixXd& path,
                             const Eigen::MatrixXd& gradient, double decrease) {
  const bool fullStep = found.t == 1.0 && !found.watchdog;
  // Secant pairs only from full steps near the solution; a damped step or a watchdog pair means
  // the iterate is still far and its pairs would mislead the model.
  if (fullStep)
    secants_.add(interiorOf(found.path) - interiorOf(path),
                 interiorOf(found.eval.gradient) - gradient);
  else
    secants_.clear();
  const bool slowTail = decrease < kTailChange * std::abs(found.eval.energy) &&
                        decrease > kSlowRate * lastFullDecrease_ && lastFullDecrease_ > 0.0;
  newtonPhase_ = fullStep && ((newtonPhase_ && step.newton) || slowTail);
  lastFullDecrease_ = fullStep ? decrease : -1.0;
  if (step.newton && found.t < 1.0) shift_ = std::min(kMaxShift, std::max(kMinShift, 4.0 * shift_));
  // The Gauss–Newton damping: raised when a step had to be shortened, lowered after full steps.
  if (dampedGaussNewton_ && !step.newton && !found.watchdog)
    gaussNewtonShift_ = found.t < 1.0 ? std::min(kMaxShift, std::max(1e-2, 4.0 * gaussNewtonShift_))
                        : gaussNewtonShift_ / 4.0 < kMinShift ? 0.0
                                                              : gaussNewtonShift_ / 4.0;
}

GeodesicResult GaussNewtonSolve::run(Eigen::MatrixXd path, const SolverControl& control) {
  interior_ = path.cols() - 2;
  GeodesicResult result;
  result.solver = toString(GeodesicSolverKind::GaussNewton);
  result.stopReason = "iteration budget used";
  PathEnergyEvaluation eval = energy_.evaluate(path, true);
  result.energyHistory.push_back(eval.energy);
  int it = 0;
  while (it < options_.maxIterations) {
    control.throwIfCancelled("the geodesic solve");
    const Eigen::MatrixXd gradient = interiorOf(eval.gradient);
    Step step = chooseStep(path, eval, gradient, true);
    if (!(step.slope < 0.0)) {  // no descent direction left: stationary to working precision
      result.converged = true;
      result.relativeGradient = relativeGradient(gradient, eval.energy);
      result.stopReason = "stationary";
      break;
    }
    LineSearch found = searchLine(path, eval, step, it, result.energyHistory);
    if (!found.accepted && step.newton && newtonCgAllowed_) {
      // A truncated Newton step rests on differences of the gradient over a scale its model may
      // not hold on; Gauss–Newton's step can still descend.
      newtonPhase_ = false;
      step = chooseStep(path, eval, gradient, false);
      found = searchLine(path, eval, step, it, result.energyHistory);
    }
    if (step.newton) ++result.newtonSteps;
    if (!found.accepted) {
      // Even tiny steps do not lower E: we sit at a minimum to rounding precision.
      result.relativeGradient = relativeGradient(gradient, eval.energy);
      result.converged = std::abs(step.slope) <= 1e-12 * std::max(1.0, std::abs(eval.energy)) ||
                         result.relativeGradient <= options_.gradientTolerance;
      result.stopReason = found.belowTolerance
                              ? "energy change below tolerance: no step along the last direction "
                                "lowers it by more"
                              : "line search could not lower the energy";
      break;
    }
    if (!found.watchdog && !step.newton && found.t == 1.0) tryLongerStep(path, eval, step, found);
    const double decrease = eval.energy - found.eval.energy;
    adapt(step, found, path, gradient, decrease);
    path = std::move(found.path);
    eval = std::move(found.eval);
    it += found.watchdog ? 2 : 1;
    result.iterations = it;
    result.energyHistory.push_back(eval.energy);
    reportIteration(control, path, it, options_.maxIterations, eval.energy);
    result.relativeGradient = relativeGradient(interiorOf(eval.gradient), eval.energy);
    if (decrease <= relativeTolerance_ * std::abs(eval.energy) &&
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

}  // namespace geodex
