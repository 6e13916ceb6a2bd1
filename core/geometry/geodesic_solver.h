#pragma once
// Boundary-value geodesics: the path of least discrete energy (PathEnergy) between fixed ends.
// `GeodesicSolver` for repeated runs with one metric; `computeGeodesic` for one-shot use.
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric.h"
#include "core/util/solver_control.h"

namespace geodex {

class GeodesicSolver {
 public:
  // Throws InvalidArgumentError on absurd options (points < 3, non-positive rates, ...).
  GeodesicSolver(const Metric& metric, GeodesicOptions options);

  // Ends must be finite vectors of the metric's dimension. Model failures (NaN scores) throw
  // ModelError; non-convergence is reported in the result, cancellation throws CancelledError.
  GeodesicResult solve(const Eigen::VectorXd& from, const Eigen::VectorXd& to,
                       const SolverControl& control = {}) const;

  const GeodesicOptions& options() const { return options_; }

 private:
  Eigen::MatrixXd initialPath(const Eigen::VectorXd& from, const Eigen::VectorXd& to) const;
  GeodesicResult solveAdam(Eigen::MatrixXd path, const SolverControl& control) const;
  // Gauss–Newton at the path's resolution, then on finer paths while GeodesicOptions::refine asks.
  GeodesicResult solveRefining(Eigen::MatrixXd path, const SolverControl& control) const;
  GeodesicResult solveGaussNewton(Eigen::MatrixXd path, const SolverControl& control) const;

  const Metric& metric_;
  GeodesicOptions options_;
};

GeodesicResult computeGeodesic(const Metric& metric, const Eigen::VectorXd& from,
                               const Eigen::VectorXd& to, const GeodesicOptions& options = {},
                               const SolverControl& control = {});

// Whether a result's length and refined length differ by more than `tolerance` of the refined one
// (GeodesicOptions::refinementTolerance): the path is no geodesic yet.
bool lengthsDisagree(const GeodesicResult& result, double tolerance);

}  // namespace geodex
