#pragma once
// geodex's Gauss–Newton geodesic solve at one resolution (GeodesicSolverKind::GaussNewton), each
// part a named step: the step's direction (Gauss–Newton, with secant corrections, a damped
// Newton step, or in high dimension a truncated Newton–CG step), the Armijo line search with its
// watchdog, the extrapolated step where full steps converge slowly, and the damping's
// adaptation. GeodesicSolver runs it; refinement, timing and counting stay there.
#include <Eigen/Dense>

#include "core/geometry/geodesic_types.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/secant_corrections.h"

namespace geodex {

class GaussNewtonSolve {
 public:
  GaussNewtonSolve(const Metric& metric, const GeodesicOptions& options);

  // Minimises the discrete energy of `path` (its ends fixed); cancellation throws CancelledError.
  GeodesicResult run(Eigen::MatrixXd path, const SolverControl& control);

 private:
  struct Step {
    Eigen::MatrixXd direction;  // of the interior points
    double slope = 0.0;         // the energy's derivative along it
    bool newton = false;
  };
  struct LineSearch {
    bool accepted = false;
    bool watchdog = false;  // two steps taken together
    double t = 1.0;         // the accepted fraction of the step
    // Not accepted, and stopped where no shorter step could lower E by the convergence tolerance.
    bool belowTolerance = false;
    Eigen::MatrixXd path;
    PathEnergyEvaluation eval;
  };

  // The Gauss–Newton model's inverse at an evaluated path, applied to a right-hand side.
  Eigen::MatrixXd modelInverse(const PathEnergyEvaluation& at, const Eigen::MatrixXd& rhs) const;
  // newtonWanted false: Gauss–Newton (or its secant corrections) even in the Newton phase.
  Step chooseStep(const Eigen::MatrixXd& path, const PathEnergyEvaluation& eval,
                  const Eigen::MatrixXd& gradient, bool newtonWanted);
  // The truncated Newton step by conjugate gradients, the Gauss–Newton model as preconditioner.
  Eigen::MatrixXd truncatedNewtonDirection(const Eigen::MatrixXd& path,
                                           const PathEnergyEvaluation& eval,
                                           const Eigen::MatrixXd& gradient) const;
  // Backtracking on the true energy; a watchdog pair's intermediate energy goes to `history`.
  LineSearch searchLine(const Eigen::MatrixXd& path, const PathEnergyEvaluation& eval,
                        const Step& step, int iteration, std::vector<double>& history) const;
  void tryLongerStep(const Eigen::MatrixXd& path, const PathEnergyEvaluation& eval,
                     const Step& step, LineSearch& found) const;
  // Secant pairs, the Newton phase and both dampings after an accepted step.
  void adapt(const Step& step, const LineSearch& found, const Eigen::MatrixXd& path,
             const Eigen::MatrixXd& gradient, double decrease);
  Eigen::MatrixXd interiorOf(const Eigen::MatrixXd& m) const { return m.middleCols(1, interior_); }

  const GeodesicOptions& options_;
  // options_.relativeTolerance, raised to what the metric's score can resolve (unitRoundoff).
  double relativeTolerance_;
  PathEnergy energy_;
  const NodeEmbedding* embedding_;
  Eigen::Index interior_ = 0;
  SecantCorrections secants_;
  bool newtonAllowed_;
  bool newtonAlways_;  // a damped Newton step on every iteration (newtonEveryStep)
  // Newton steps only in Gauss–Newton's slow linear tail (without newtonEveryStep).
  bool newtonPhase_ = false;
  double lastFullDecrease_ = -1.0;  // E's decrease by the last iteration when it was a full step
  double shift_ = 0.0;              // μ of the damped Newton system H + μS
  double gaussNewtonShift_ = 0.0;   // μ added to the Gauss–Newton model (dampedGaussNewton_)
  // Truncated Newton–CG steps above PathEnergyHessian::kMaxDimension (newtonCgIterations), in
  // the slow tail, or on every iteration with newtonEveryStep.
  bool newtonCgAllowed_;
  bool newtonCgAlways_;
  // Above PathEnergyHessian::kMaxDimension the Gauss–Newton model is damped as with
  // newtonAlways_ (Levenberg–Marquardt): on the U-Net the line search otherwise cut its steps to
  // ¼–⅛ for dozens of iterations, each cut an energy evaluation.
  bool dampedGaussNewton_;
};

}  // namespace geodex
