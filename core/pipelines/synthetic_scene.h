#pragma once
// The explorer's computation, for the window and geodex-cli alike: a synthetic manifold, the
// score of its smoothed data and a metric on top (the scene), and between two points the
// geodesic with what is shown beside it — the straight line, SLERP, the geodesics of the other
// metrics, the geodesic shot on past the second end (docs/design.md §1).
// `SyntheticScene` keeps manifold, score and metrics for repeated solves while the scene stays
// the same (the window's worker keeps one); `computeSyntheticScene` is the one-shot form.
#include <Eigen/Dense>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/exponential_fan.h"
#include "core/geometry/geodesic_distance_field.h"
#include "core/geometry/default_quadrature_nodes.h"
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_factory.h"
#include "core/pipelines/metric_field.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/number_setting.h"
#include "core/util/solver_control.h"

namespace geodex {

struct SyntheticSceneOptions {
  // The scene: these build the score (SyntheticScene::describes compares them).
  ManifoldKind manifold = ManifoldKind::Sphere;
  SyntheticScoreOptions score;  // source, σ, empirical samples, seed, device, trained model file
  // The metric of the geodesic; the comparisons use the same parameters with the other kinds.
  MetricOptions metric;
  // The paths: ends in the manifold's dimension, the solver and its path points.
  Eigen::VectorXd from, to;
  // Refined until its length agrees with its refined length: what is shown as the geodesic is one.
  // A damped Newton step on every iteration: over 20 seeded random pairs per manifold from the
  // graph start (bench_geodesic_solvers --pairs 20 default,default-every graph) it converged
  // 93/100 against 86/100 (two moons 14/20 against 11/20, median 61 iterations against 189; helix
  // 20/20 against 17/20) at 1.1–1.9× the score evaluations (docs/benchmarks.md#random-pairs).
  GeodesicOptions geodesic = [] {
    GeodesicOptions refining;
    refining.refine = true;
    refining.newtonEveryStep = true;
    return refining;
  }();
  // With the graph start and no geodesic.graphReferences: this many samples of the manifold
  // (seed score.seed) are the graph's reference points.
  int graphSamples = 800;
  static constexpr NumberSetting kGraphSamples{
      "graph-samples", "samples", "manifold samples behind the graph start", 2, 100'000, true};
  bool slerp = false;           // SLERP between the ends, measured under the metric
  bool compareMetrics = false;  // the geodesics of every other MetricKind (Gauss–Newton)
  // Shoot the geodesic on past `to` for this fraction of its parameter time [0, 1] (0: off).
  double extrapolation = 0.0;
  // Past 100 lengths the shot leaves any manifold's neighbourhood (1e308 reached the score as a
  // non-finite point, naming no option).
  static constexpr NumberSetting kExtrapolation{
      "extrapolate", "extrapolation", "shoot the geodesic on past the second end for this "
      "fraction of its length (0: off)", 0.0, 100.0, false, false, "extrapolation"};
  int extrapolationSamples = 120;
  // Every path's refined length cuts each segment into this many pieces (RefinedPolygon): the
  // metric length of the same polygon, free of the midpoint rule's loophole (a segment whose
  // midpoint sits where s ⟂ Δ looks short). 1 = the plain length.
  // The Gauss–Newton solve refines its path until its length agrees with this refined length
  // (GeodesicOptions::refine).
  static constexpr int kDefaultRefinement = GeodesicOptions::kDefaultRefinementPieces;
  int refinement = kDefaultRefinement;
};

// Another metric's geodesic between the same ends.
struct ComparisonPath {
  MetricKind metric = MetricKind::Euclidean;
  Eigen::MatrixXd path;          // [d × points]
  double length = 0.0;           // under its own metric
  double lengthUnderMain = 0.0;  // under the scene's metric (comparable across paths)
  double refinedLengthUnderMain = 0.0;
};

struct SyntheticSceneResult {
  GeodesicResult geodesic;  // its refinedLength: options.refinement pieces per segment
  Eigen::MatrixXd straightPath;  // LERP [d × points]
  double straightLength = 0.0;   // under the metric
  double straightRefinedLength = 0.0;
  double straightEnergy = 0.0;
  Eigen::MatrixXd slerpPath;  // empty unless options.slerp
  double slerpLength = 0.0;
  double slerpRefinedLength = 0.0;
  std::vector<ComparisonPath> comparisons;  // empty unless options.compareMetrics
  Eigen::MatrixXd extrapolation;            // the shot continuation past `to`; empty when off
  double extrapolationLength = 0.0;
  double comparisonSeconds = 0.0;
  double extrapolationSeconds = 0.0;
  double seconds = 0.0;  // the whole solve (geodesic.seconds is the solver's share)
};

class SyntheticScene {
 public:
  // Builds manifold and score. Throws InvalidArgumentError for impossible choices (analytic
  // score of a torus, σ ≤ 0, a trained model of another dimension, ...), IoError/ModelError for
  // model files that cannot be read.
  explicit SyntheticScene(const SyntheticSceneOptions& options);
  ~SyntheticScene();

  // Whether `options` ask for this scene's manifold and score (then it can be reused).
  bool describes(const SyntheticSceneOptions& options) const;

  const SyntheticManifold& manifold() const { return *manifold_; }
  const std::shared_ptr<const ScoreModel>& score() const { return score_; }
  // The metric with these options, built on first use; kept while the parameters stay the same.
  const Metric& metric(const MetricOptions& options);
  // The drawn metric field, kept while metric options and field options stay the same.
  const MetricField& field(const MetricOptions& metric, const MetricFieldOptions& options);

  // The exponential-map fan at `point` under the metric (exponential_fan.h): its directions in
  // the plane for 2D manifolds, in the manifold's tangent plane (SyntheticManifold::tangentPlane)
  // for 3D ones.
  ExponentialFanResult fan(const MetricOptions& metric, const Eigen::VectorXd& point,
                           const ExponentialFanOptions& options, const SolverControl& control = {});
  // The geodesic distance from `point` to a grid (geodesic_distance_field.h): a square-celled box
  // around the data (options.margin beyond it) with the data curve's nodes for 2D manifolds, the
  // parameter grid for 3D surfaces (resolution nodes along u, cells about square). Throws
  // InvalidArgumentError for a curve in R³ (no grid spans it).
  GeodesicDistanceFieldResult distanceField(const MetricOptions& metric,
                                            const Eigen::VectorXd& point,
                                            const GeodesicDistanceFieldOptions& options,
                                            const SolverControl& control = {});
  // The grid distanceField() uses for these options.
  DistanceGrid distanceGrid(const GeodesicDistanceFieldOptions& options) const;

  // The geodesic between options.from and options.to and what goes with it. Throws
  // CancelledError when cancelled, InvalidArgumentError for bad ends or options.
  SyntheticSceneResult solve(const SyntheticSceneOptions& options,
                             const SolverControl& control = {});

 private:
  // The solver's options, with the scene's manifold samples as the graph's references.
  GeodesicOptions geodesicOptions(const SyntheticSceneOptions& options);
  // The main geodesic. With refinement on (what is shown must be a geodesic), a Gauss–Newton solve
  // from SLERP or the straight line that does not converge, or whose length still differs from its
  // refined length, is solved again from the data-graph start (which goes round the coils and
  // layers a straight start cuts through); the shorter of the two by refined length is kept, and
  // its stop reason says so. The paper's Adam is shown as it ends.
  GeodesicResult solveGeodesic(const SyntheticSceneOptions& options, const Metric& main,
                               const SolverControl& control);
  // The other registered metrics' geodesics between the same ends, measured under the main one.
  void compareMetrics(const SyntheticSceneOptions& options, const GeodesicOptions& geodesic,
                      const SolverControl& control, SyntheticSceneResult& result);
  // The geodesic shot on past its end (the midpoint rule: shooting reads a velocity at points).
  void extrapolate(const SyntheticSceneOptions& options, const SolverControl& control,
                   SyntheticSceneResult& result);

  SyntheticSceneOptions built_;
  std::unique_ptr<SyntheticManifold> manifold_;
  std::shared_ptr<const ScoreModel> score_;
  std::optional<MetricOptions> metricParameters_;  // of the metrics below, apart from the kind
  std::map<MetricKind, std::unique_ptr<Metric>> metrics_;
  std::optional<MetricField> field_;
  MetricFieldOptions fieldOptions_;
  MetricKind fieldKind_ = MetricKind::Score;
  std::shared_ptr<const Eigen::MatrixXd> graphReferences_;  // manifold samples, drawn once
};

// The scene in `cache` when it describes `options`, else a new one put there (the explorer's
// worker keeps one between solves).
SyntheticScene& reuseSyntheticScene(std::unique_ptr<SyntheticScene>& cache,
                                    const SyntheticSceneOptions& options);

SyntheticSceneResult computeSyntheticScene(const SyntheticSceneOptions& options,
                                           const SolverControl& control = {});

}  // namespace geodex
