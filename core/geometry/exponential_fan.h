#pragma once
// The exponential map at a point, drawn as a fan: K geodesics shot in evenly spaced directions
// of a plane through the point (the manifold's tangent plane, or the plane itself in 2D), each
// for the same metric length, and the wavefronts where they have all gone a given length — the
// geodesic circles. Each ray starts with metric speed 1 (a g-unit velocity) and the geodesic
// equation keeps the speed, so its parameter is its metric arc length: the circle of radius r is
// the rays' points at parameter r. Under the Euclidean metric the rays are straight and the
// circles round; a metric that makes leaving the data expensive bends the rays along it.
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/geometry/metric.h"
#include "core/util/number_setting.h"
#include "core/util/solver_control.h"

namespace geodex {

struct ExponentialFanOptions {
  int rays = 24;        // K, directions at angles 2πk/K in the plane's basis
  double length = 1.0;  // metric length of every ray
  int wavefronts = 4;   // circles at radii length·j/wavefronts, j = 1 … wavefronts (0: none)
  int samples = 121;    // points per ray, evenly spaced in metric length
  double relativeTolerance = 1e-7;  // of the Dormand–Prince integrator (geodesic_shooter.h)
  double absoluteTolerance = 1e-9;

  // The numbers above a user sets, each described once: the check, geodex-cli fan's options and
  // the explorer's fan controls and sessions (JSON keys fan_rays, fan_length) read these.
  static constexpr NumberSetting kRays{
      "rays", "K", "geodesics of the fan (tangent directions)", 3, 720, true, false, "fan_rays"};
  static constexpr NumberSetting kLength{.name = "length", .symbol = "length", .help = "metric "
      "length of every geodesic of the fan", .max = 1000.0, .json = "fan_length", .aboveMin = true};
  static constexpr NumberSetting kWavefronts{"wavefronts", "wavefronts", "geodesic circles at "
                                             "length·j/n (0: none)", 0, 50, true};
  static constexpr NumberSetting kSamples{"steps", "steps", "points per ray", 2, 10000, true};
};

struct ExponentialFanResult {
  Eigen::VectorXd origin;
  std::vector<Eigen::MatrixXd> rays;  // K rays [d × ≤ samples]; a ray that stopped is shorter
  std::vector<double> reachedLength;  // metric length each ray reached
  std::vector<std::string> stopReasons;
  std::vector<double> radii;                // of the wavefronts
  std::vector<Eigen::MatrixXd> wavefronts;  // [d × m]: the rays that reached the radius, in
                                            // angle order, the first repeated at the end when
                                            // every ray reached it (a closed curve)
  double maxSpeedDrift = 0.0;               // worst relative change of the metric speed along a ray
  int steps = 0;                            // accepted integrator steps over all rays
  long long scoreEvaluations = 0;
  double seconds = 0.0;
};

// point [d]; plane [d × 2], orthonormal columns spanning the directions. Throws
// InvalidArgumentError for bad shapes, non-finite input or options outside their bounds; a ray
// the integrator cannot continue stops there with its reason (the fan is still returned).
ExponentialFanResult computeExponentialFan(const Metric& metric, const Eigen::VectorXd& point,
                                           const Eigen::MatrixXd& plane,
                                           const ExponentialFanOptions& options = {},
                                           const SolverControl& control = {});

}  // namespace geodex
