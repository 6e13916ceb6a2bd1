#pragma once
// Options and results of the boundary-value geodesic solvers.
#include <Eigen/Dense>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry/graph_start.h"
#include "core/util/number_setting.h"

namespace geodex {

enum class GeodesicSolverKind {
  GaussNewton,  // geodex's solver: Gauss–Newton steps using the metric's rank-one structure
  Adam,         // the paper's optimiser, as reproduced publicly (the reference)
};
// Graph: a shortest path on a k-nearest-neighbour graph over GeodesicOptions::graphReferences
// (core/geometry/graph_start.h), then refined by the solver.
enum class PathInitialization { Slerp, Lerp, Graph };

struct GeodesicOptions {
  GeodesicSolverKind solver = GeodesicSolverKind::GaussNewton;
  int points = 10;  // path points including both ends (the paper uses 10)
  // Read by the solver's check, geodex-cli geodesic's --points and the explorer's points control.
  static constexpr NumberSetting kPoints{"points", "points", "path points including both ends", 3,
                                         100000, true};
  PathInitialization initialization = PathInitialization::Slerp;
  // Start from this path [d × points] instead (its ends must equal the requested ends).
  std::optional<Eigen::MatrixXd> initialPath;
  // For PathInitialization::Graph: the reference points [d × n] and the graph's options.
  std::shared_ptr<const Eigen::MatrixXd> graphReferences;
  GraphStartOptions graph;

  // Adam (paper): lr 1e-3 with cosine decay to 0.1×, 500 iterations.
  int adamIterations = 500;
  double adamLearningRate = 1e-3;
  double adamFinalLearningRateFraction = 0.1;

  // Gauss–Newton: converged when an iteration lowers E by less than relativeTolerance·E and the
  // gradient g left satisfies gᵀS⁻¹g ≤ gradientTolerance·E (S = N·(L ⊗ I), the Euclidean path
  // energy's Hessian: the energy a step in the path's own norm could still gain, relative).
  // relativeTolerance is raised to half the score's unit roundoff (ScoreModel::unitRoundoff):
  // 3e-8 for a float32 network, whose energy changes finer than that are rounding.
  int maxIterations = 200;
  double relativeTolerance = 1e-10;
  // Off (∞) by default: with it the pullback solves of the CLI tests ran into their time limit
  // (not yet looked into); bench_geodesic_solvers --pairs measures it at 1e-8 ("new").
  double gradientTolerance = std::numeric_limits<double>::infinity();
  // Pullback metrics (no rank-one structure): conjugate-gradient iterations per Gauss–Newton step.
  int innerIterations = 20;
  // Two accelerations of Gauss–Newton, off by default because measured they help on some paths
  // and hurt on others (bench_geodesic_solvers, docs/benchmarks.md):
  // secant pairs (step, change of gradient) of the last full steps correct the model for the
  // residuals' curvature it leaves out (L-BFGS with the model as its base); 0: none.
  int secantMemory = 0;
  // A rejected full step is followed by one more Gauss–Newton step from it, and the pair is taken
  // (as two iterations) when together they lower the energy enough.
  bool watchdogSteps = false;
  // Newton steps in Gauss–Newton's slow linear tail (the energy's exact Hessian by forward
  // differences of its gradient, 3d gradient evaluations per step, used when positive definite;
  // only up to PathEnergyHessian::kMaxDimension). On by default: from the graph start they cut the
  // tail (44 → 25 iterations on the swiss roll, 57 → 29 on the torus, at +7 % and −0.3 % of the
  // score evaluations with the graph's), and where the tail is short they never start
  // (bench_geodesic_solvers, docs/benchmarks.md).
  bool newtonSteps = true;
  // With newtonSteps, in low dimension: a Newton step on every iteration, damped as a trust
  // region (H + μS, Levenberg–Marquardt in the path's norm, μ raised when a step is shortened),
  // Gauss–Newton where no damped Hessian is positive definite. Off: Newton in the slow tail only
  // (the rule before the damped Newton steps). bench_geodesic_solvers --pairs measures both. Above
  // PathEnergyHessian::kMaxDimension (with newtonCgIterations): a truncated Newton–CG step on
  // every iteration, kept within the Gauss–Newton step's length; on the U-Net (digits 0–2) in
  // 531 / 432 / 1152 evaluations against the default's 1107 / 126 / 837, but on digits 0 and 2
  // to higher stationary energies (bench_mnist_unet_geodesic tail, docs/benchmarks.md).
  bool newtonEveryStep = false;
  // With newtonSteps, above PathEnergyHessian::kMaxDimension (where the exact Hessian's 3d
  // gradients cost too much): a truncated Newton step in the same slow tail, by conjugate
  // gradients preconditioned with the Gauss–Newton model, each Hessian–vector product a forward
  // difference of the gradient (one gradient evaluation); at most this many products per step.
  // 0: Gauss–Newton's tail without them. On the U-Net (3 digits, bench_mnist_unet_geodesic tail)
  // the tail is seldom reached: undamped, 2736 → 2331 evaluations on digit 0 to the same energy,
  // digits 1 and 2 unchanged (docs/benchmarks.md, "Gauss–Newton's tail").
  int newtonCgIterations = 3;

  // Gauss–Newton: a converged solve whose length and refined length (refinementPieces per segment,
  // RefinedPolygon) differ by more than refinementTolerance is no geodesic yet (too few points
  // for its turns, or segments jumping where their quadrature nodes see nothing): a point is
  // inserted in the middle of every segment and the solve goes on from there, until they agree or
  // the path would pass kMaxRefinedPointsFactor × points. Past kSteadyRefinedPointsFactor × points
  // a refinement is only taken while the last one at least halved the gap between the two lengths:
  // a consistent discretisation closes it (the spiral's start-up pair: 3.3 % → 1.1 % → 0.4 % at
  // 125, 249, 497 points), the midpoint rule's loophole does not (a --quadrature 1 torus pair stays
  // near 50 % however many points), and there more points only cost time. Off here: exactly
  // `points` (the image pipelines keep the frames they were asked for); the synthetic scenes of
  // the explorer and geodex-cli geodesic turn it on (SyntheticSceneOptions). Adam never refines
  // (the paper's optimiser stays as published).
  static constexpr int kDefaultRefinementPieces = 8;
  static constexpr int kSteadyRefinedPointsFactor = 4;
  static constexpr int kMaxRefinedPointsFactor = 16;
  bool refine = false;
  double refinementTolerance = 0.01;
  int refinementPieces = kDefaultRefinementPieces;
  // Gauss–Newton: solve at 8 points first, then with every segment halved, then at `points`
  // (each solve warm-starting the next). Off: measured on 3 random helix pairs (64 points,
  // bench_geodesic_solvers default-c2f) it converged none from SLERP either and took 74–96
  // iterations from the graph start against 14–22.
  bool coarseToFine = false;
};

struct GeodesicResult {
  std::string solver;
  Eigen::MatrixXd path;  // [d × points]; more points than asked for after refinement
  double energy = 0.0;
  double length = 0.0;
  double refinedLength = 0.0;  // the same polygon, GeodesicOptions::refinementPieces per segment
  int refinements = 0;         // times every segment was halved (GeodesicOptions::refine)
  int iterations = 0;  // over all refinements
  int newtonSteps = 0;  // iterations that took a Newton step (GeodesicOptions::newtonSteps)
  long long scoreEvaluations = 0;  // points at which the score was evaluated
  long long jacobianProducts = 0;  // vector–Jacobian products taken
  bool converged = false;
  double relativeGradient = 0.0;  // gᵀS⁻¹g / E at the end (see GeodesicOptions::gradientTolerance)
  std::string stopReason;
  double seconds = 0.0;
  // E after each iteration, starting with the initial path (with watchdog steps the first of a
  // pair may lie above the energy before it).
  std::vector<double> energyHistory;
  // With the graph start: its path, cost (seconds, score evaluations: not in the fields above,
  // except that `seconds` includes the graph's) and size.
  std::optional<GraphStartResult> graphStart;
};

// Human-readable names ("gauss-newton" — also read as "fast" —, "adam"; "slerp", "lerp"); parse throws
// InvalidArgumentError on unknown names.
GeodesicSolverKind parseGeodesicSolverKind(const std::string& text);
std::string toString(GeodesicSolverKind kind);
PathInitialization parsePathInitialization(const std::string& text);
std::string toString(PathInitialization initialization);

}  // namespace geodex
