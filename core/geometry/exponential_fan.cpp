#include "core/geometry/exponential_fan.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/geometry/evaluation_counter.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

void validate(const Metric& metric, const Eigen::VectorXd& point, const Eigen::MatrixXd& plane,
              const ExponentialFanOptions& o) {
  const int d = metric.dimension();
  if (point.size() != d || !point.allFinite())
    throw InvalidArgumentError("the fan's origin must be a finite point of R^" + std::to_string(d));
  if (plane.rows() != d || plane.cols() != 2 || !plane.allFinite())
    throw InvalidArgumentError("the fan's plane needs two finite directions in R^" +
                               std::to_string(d));
  if ((plane.transpose() * plane - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff() > 1e-6)
    throw InvalidArgumentError("the fan's plane directions must be orthonormal");
  ExponentialFanOptions::kRays.checked(o.rays);
  ExponentialFanOptions::kLength.checked(o.length);
  ExponentialFanOptions::kWavefronts.checked(o.wavefronts);
  ExponentialFanOptions::kSamples.checked(o.samples);
}

// The point of `ray` at metric length r (samples every `spacing`), or false past its end.
bool pointAt(const Eigen::MatrixXd& ray, double spacing, double r, Eigen::VectorXd& out) {
  const double position = r / spacing;
  const Eigen::Index below = Eigen::Index(std::floor(position + 1e-9));
  if (below >= ray.cols() - 1) {
    if (below > ray.cols() - 1 || ray.cols() == 0) return false;
    out = ray.col(below);
    return true;
  }
  const double t = std::clamp(position - double(below), 0.0, 1.0);
  out = (1.0 - t) * ray.col(below) + t * ray.col(below + 1);
  return true;
}

}  // namespace

ExponentialFanResult computeExponentialFan(const Metric& metric, const Eigen::VectorXd& point,
                                           const Eigen::MatrixXd& plane,
                                           const ExponentialFanOptions& options,
                                           const SolverControl& control) {
  validate(metric, point, plane, options);
  const Stopwatch start;
  const EvaluationCounter counter(metric);
  ShootingOptions shooting;
  shooting.duration = options.length;
  shooting.samples = options.samples;
  shooting.relativeTolerance = options.relativeTolerance;
  shooting.absoluteTolerance = options.absoluteTolerance;
  const GeodesicShooter shooter(metric, shooting);
  // The rays' own progress would make the fan's bar jump back.
  const SolverControl cancelOnly = control.cancelOnly();
  const double spacing = options.length / (options.samples - 1);

  ExponentialFanResult result;
  result.origin = point;
  for (int k = 0; k < options.rays; ++k) {
    control.throwIfCancelled("the fan");
    const double angle = 2.0 * std::numbers::pi * k / options.rays;
    const Eigen::VectorXd direction =
        std::cos(angle) * plane.col(0) + std::sin(angle) * plane.col(1);
    const double speed = std::sqrt(metric.squaredNorm(point, direction));
    if (!(speed > 0.0) || !std::isfinite(speed))
      throw NumericalError("metric '" + metric.name() + "' gives the fan direction " +
                           std::to_string(k) + " no finite positive length at the origin");
    Eigen::MatrixXd ray = point;
    std::string reason;
    try {
      ShootingResult shot = shooter.shoot(point, direction / speed, cancelOnly);
      ray = std::move(shot.path);
      reason = shot.stopReason;
      result.steps += shot.steps;
      result.maxSpeedDrift = std::max(result.maxSpeedDrift, shot.speedDrift);
    } catch (const NumericalError& error) {
      reason = error.what();  // the ray stops at its origin; the others still count
    }
    result.reachedLength.push_back(spacing * double(ray.cols() - 1));
    result.rays.push_back(std::move(ray));
    result.stopReasons.push_back(std::move(reason));
    if (control.progress) control.progress(double(k + 1) / options.rays, k + 1, 0.0);
  }

  for (int j = 1; j <= options.wavefronts; ++j) {
    const double radius = options.length * j / options.wavefronts;
    std::vector<Eigen::VectorXd> points;
    for (const Eigen::MatrixXd& ray : result.rays) {
      Eigen::VectorXd p;
      if (pointAt(ray, spacing, radius, p)) points.push_back(p);
    }
    const bool closed = int(points.size()) == options.rays;
    Eigen::MatrixXd front(point.size(), Eigen::Index(points.size() + (closed ? 1 : 0)));
    for (std::size_t i = 0; i < points.size(); ++i) front.col(Eigen::Index(i)) = points[i];
    if (closed) front.col(front.cols() - 1) = points.front();
    result.radii.push_back(radius);
    result.wavefronts.push_back(std::move(front));
  }
  result.scoreEvaluations = counter.scoreEvaluations();
  result.seconds = start.seconds();
  return result;
}

}  // namespace geodex
