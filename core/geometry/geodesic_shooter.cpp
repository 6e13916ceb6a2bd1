#include "core/geometry/geodesic_shooter.h"

#include <array>
#include <cmath>

#include "core/geometry/evaluation_counter.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

// State (x, v) stacked: [2d].
using State = Eigen::VectorXd;

// Dormand–Prince 5(4) tableau.
constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
constexpr double a21 = 1.0 / 5;
constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                 a54 = -212.0 / 729;
constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                 a65 = -5103.0 / 18656;
constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784,
                 b6 = 11.0 / 84;
constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                 e6 = 22.0 / 525, e7 = -1.0 / 40;

}  // namespace

GeodesicShooter::GeodesicShooter(const Metric& metric, ShootingOptions options)
    : metric_(metric), options_(options) {
  if (!(options_.duration > 0.0) || !std::isfinite(options_.duration))
    throw InvalidArgumentError("shooting duration must be positive");
  if (options_.samples < 2) throw InvalidArgumentError("shooting needs at least 2 samples");
  if (options_.samples > 1000000) throw InvalidArgumentError("too many shooting samples");
  if (!(options_.relativeTolerance > 0.0) || !(options_.absoluteTolerance > 0.0))
    throw InvalidArgumentError("shooting tolerances must be positive");
  if (options_.maxSteps < 1) throw InvalidArgumentError("shooting needs a positive step budget");
}

ShootingResult GeodesicShooter::shoot(const Eigen::VectorXd& start, const Eigen::VectorXd& velocity,
                                      const SolverControl& control) const {
  const Stopwatch clockStart;
  const Eigen::Index d = metric_.dimension();
  if (start.size() != d || velocity.size() != d)
    throw InvalidArgumentError("shooting start and velocity must lie in R^" + std::to_string(d));
  if (!start.allFinite() || !velocity.allFinite())
    throw InvalidArgumentError("shooting start and velocity must be finite");
  const EvaluationCounter counter(metric_);

  auto derivative = [&](const State& y) {
    State dy(2 * d);
    dy.head(d) = y.tail(d);
    dy.tail(d) = metric_.geodesicAcceleration(y.head(d), y.tail(d));
    return dy;
  };
  auto speed2 = [&](const State& y) { return metric_.squaredNorm(y.head(d), y.tail(d)); };

  ShootingResult result;
  result.path.resize(d, options_.samples);
  result.velocities.resize(d, options_.samples);
  State y(2 * d);
  y << start, velocity;
  result.path.col(0) = start;
  result.velocities.col(0) = velocity;
  const double initialSpeed2 = speed2(y);
  std::vector<double> sampleSpeed2{initialSpeed2};

  const double dtSample = options_.duration / (options_.samples - 1);
  double t = 0.0;
  double h = dtSample;  // first trial step; the controller adapts it
  State k1 = derivative(y);
  int attempts = 0;
  int nextSample = 1;
  result.converged = true;
  while (nextSample < options_.samples) {
    control.throwIfCancelled("shooting the geodesic");
    if (attempts++ >= options_.maxSteps) {
      result.converged = false;
      result.stopReason = "step budget exhausted (the geodesic equation is too stiff here)";
      break;
    }
    const double tTarget = nextSample * dtSample;
    const double hTry = std::min(h, tTarget - t);
    const State k2 = derivative(y + hTry * a21 * k1);
    const State k3 = derivative(y + hTry * (a31 * k1 + a32 * k2));
    const State k4 = derivative(y + hTry * (a41 * k1 + a42 * k2 + a43 * k3));
    const State k5 = derivative(y + hTry * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4));
    const State k6 = derivative(y + hTry * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5));
    const State yNew = y + hTry * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
    const State k7 = derivative(yNew);
    const State error =
        hTry * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
    const State scale = options_.absoluteTolerance +
                        options_.relativeTolerance * y.cwiseAbs().cwiseMax(yNew.cwiseAbs()).array();
    const double errorNorm = std::sqrt((error.array() / scale.array()).square().mean());
    if (!std::isfinite(errorNorm))
      throw NumericalError("geodesic integration produced non-finite values at t = " +
                           numberText(t));
    const double factor =
        errorNorm == 0.0 ? 5.0 : std::clamp(0.9 * std::pow(errorNorm, -0.2), 0.2, 5.0);
    if (errorNorm <= 1.0) {
      t += hTry;
      y = yNew;
      k1 = k7;  // first-same-as-last
      ++result.steps;
      if (std::abs(t - tTarget) <= 1e-12 * options_.duration) {
        t = tTarget;
        result.path.col(nextSample) = y.head(d);
        result.velocities.col(nextSample) = y.tail(d);
        sampleSpeed2.push_back(speed2(y));
        if (control.progress)
          control.progress(double(nextSample) / (options_.samples - 1), result.steps,
                           sampleSpeed2.back());
        ++nextSample;
      }
      h = std::max(hTry * factor, 1e-14 * options_.duration);
    } else {
      ++result.rejectedSteps;
      h = hTry * factor;
    }
  }
  const int filled = nextSample;
  result.path.conservativeResize(d, filled);
  result.velocities.conservativeResize(d, filled);
  for (int i = 1; i < filled; ++i) {
    const double dt = dtSample;
    result.length += 0.5 * dt * (std::sqrt(sampleSpeed2[i - 1]) + std::sqrt(sampleSpeed2[i]));
    result.energy += 0.25 * dt * (sampleSpeed2[i - 1] + sampleSpeed2[i]);
  }
  for (double s2 : sampleSpeed2)
    result.speedDrift = std::max(result.speedDrift,
                                 std::abs(s2 - initialSpeed2) / std::max(initialSpeed2, 1e-300));
  if (result.stopReason.empty()) result.stopReason = "reached the end time";
  result.scoreEvaluations = counter.scoreEvaluations();
  result.seconds = clockStart.seconds();
  return result;
}

ShootingResult shootGeodesic(const Metric& metric, const Eigen::VectorXd& start,
                             const Eigen::VectorXd& velocity, const ShootingOptions& options,
                             const SolverControl& control) {
  return GeodesicShooter(metric, options).shoot(start, velocity, control);
}

}  // namespace geodex
