#pragma once
// Initial-value geodesics (the exponential map): integrates ẍ = a(x, ẋ) from the metric's
// geodesic equation with an adaptive Dormand–Prince 5(4) integrator. Used to extrapolate a
// geodesic past its end and to check the boundary-value solvers.
#include <Eigen/Dense>
#include <string>

#include "core/geometry/metric.h"
#include "core/util/solver_control.h"

namespace geodex {

struct ShootingOptions {
  double duration = 1.0;        // integrate t ∈ [0, duration]
  int samples = 200;            // output points, evenly spaced in t (≥ 2)
  double relativeTolerance = 1e-8;
  double absoluteTolerance = 1e-10;
  int maxSteps = 200000;        // accepted + rejected steps before giving up
};

struct ShootingResult {
  Eigen::MatrixXd path;        // [d × samples]
  Eigen::MatrixXd velocities;  // [d × samples]
  double length = 0.0;         // ∫ √(ẋᵀgẋ) dt (trapezoid over the samples)
  double energy = 0.0;         // ½ ∫ ẋᵀgẋ dt
  double speedDrift = 0.0;     // max relative change of ẋᵀgẋ (conserved along a true geodesic)
  int steps = 0;
  int rejectedSteps = 0;
  long long scoreEvaluations = 0;
  bool converged = false;      // reached `duration` within the step budget
  std::string stopReason;
  double seconds = 0.0;
};

class GeodesicShooter {
 public:
  GeodesicShooter(const Metric& metric, ShootingOptions options);
  ShootingResult shoot(const Eigen::VectorXd& start, const Eigen::VectorXd& velocity,
                       const SolverControl& control = {}) const;

 private:
  const Metric& metric_;
  ShootingOptions options_;
};

ShootingResult shootGeodesic(const Metric& metric, const Eigen::VectorXd& start,
                             const Eigen::VectorXd& velocity, const ShootingOptions& options = {},
                             const SolverControl& control = {});

}  // namespace geodex
