#pragma once
// Everything that defines one scene of the explorer: manifold, score, metric, solver, the two
// endpoints and what is drawn. Typed with core's enums; text only in the JSON (session files)
// and QSettings (remembered between runs) forms. `validated()` is the one place that decides
// what is an acceptable parameter; `sceneOptions()` is what the computation gets.
#include <Eigen/Core>
#include <QJsonObject>
#include <QString>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/exponential_fan.h"
#include "core/geometry/geodesic_distance_field.h"
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_factory.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/number_setting.h"

class QSettings;

namespace geodex {

struct ExplorerSettings {
  ManifoldKind manifold = ManifoldKind::Sphere;
  ScoreSource scoreSource = ScoreSource::Analytic;
  QString modelFile;   // the trained model (an MLP from geodex-cli train), for ScoreSource::Trained
  double sigma = 0.1;  // ignored by trained models: they carry the σ they were trained at
  int samples = 400;   // drawn points; the empirical scores use ten times as many
  quint64 seed = 7;
  // The metric and every metric's parameters (core/geometry/metric_registry.h names and ranges
  // them), so switching metrics keeps what was set for each. The energy's nodes per segment start
  // at 0 = auto, as geodex-cli geodesic's --quadrature: 3 Gauss–Legendre nodes for the Gauss–Newton
  // solver, the paper's midpoint rule for Adam (sceneOptions() resolves it); 1 = the midpoint
  // rule, which a path can fool by crossing a ridge between two midpoints.
  MetricOptions metric{.quadratureNodes = 0};
  GeodesicSolverKind solver = GeodesicSolverKind::GaussNewton;  // or the paper's Adam
  int points = 32;                                              // path points including the ends
  // The solver's start: SLERP (the paper's), the straight line, or a shortest path through a
  // neighbour graph of manifold samples (follows the data around holes and folds).
  PathInitialization initialization = PathInitialization::Slerp;
  Eigen::Vector3d from{1.0, 0.0, 0.0};                          // 2D manifolds use x, y (z = 0)
  Eigen::Vector3d to{0.0, 0.0, 1.0};
  double extrapolation = 0.0;   // shoot on past `to` for this fraction of the geodesic (0 = off)
  bool compareMetrics = false;  // also solve under the other metrics
  bool showSlerp = false;
  bool showEllipsoids = true;
  int ellipsoidDensity = 10;  // glyphs per axis of the grid (2D) or ~ density² samples (3D)
  bool showScoreArrows = false;
  // The exponential-map fan from the first endpoint: fanRays geodesics of metric length
  // fanLength in evenly spaced tangent directions, with their geodesic circles.
  bool showFan = false;
  int fanRays = 24;
  double fanLength = 1.0;
  // The geodesic distance from the first endpoint over a grid (2D box or surface parameter
  // grid), with iso-lines; distanceResolution grid nodes along its longer side (u on surfaces).
  bool showDistanceField = false;
  int distanceResolution = 101;

  static constexpr int kEmpiricalSamplesPerPoint = 10;

  // The numbers above, each described once: the panel's widgets, validated(), sessions and the
  // stored settings read these ranges. Those the computation takes are core's, the ones geodex-cli
  // reads too (the metric's come from the metric registry); the window's own are here.
  static constexpr const NumberSetting& kSigma = SyntheticScoreOptions::kSigma;
  static constexpr const NumberSetting& kPoints = GeodesicOptions::kPoints;
  static constexpr const NumberSetting& kExtrapolation = SyntheticSceneOptions::kExtrapolation;
  static constexpr const NumberSetting& kFanRays = ExponentialFanOptions::kRays;
  static constexpr const NumberSetting& kFanLength = ExponentialFanOptions::kLength;
  static constexpr const NumberSetting& kDistanceResolution =
      GeodesicDistanceFieldOptions::kResolution;
  static constexpr NumberSetting kSamples{"samples", "samples", "drawn manifold points", 10, 20000,
                                          true};
  static constexpr NumberSetting kEllipsoidDensity{"ellipsoid-density", "density",
                                                   "metric glyphs per axis", 2, 40, true};

  // The settings a manifold starts with: its natural endpoints and score source.
  static ExplorerSettings defaultsFor(ManifoldKind manifold);

  int dimension() const;  // 2 or 3, from the manifold
  // The endpoints in the manifold's dimension.
  Eigen::VectorXd fromPoint() const { return from.head(dimension()); }
  Eigen::VectorXd toPoint() const { return to.head(dimension()); }
  QString manifoldName() const;

  // A copy with every value checked. Throws InvalidArgumentError naming the field and the
  // accepted range (σ ≤ 0, λ outside the registry's range, NaN endpoints, an analytic torus, ...).
  ExplorerSettings validated() const;
  // What the computation (core/pipelines/synthetic_scene.h) gets for these settings.
  SyntheticSceneOptions sceneOptions() const;
  ExponentialFanOptions fanOptions() const;
  GeodesicDistanceFieldOptions distanceFieldOptions() const;

  QJsonObject toJson() const;
  // Missing keys keep their defaults; wrong types or values throw InvalidArgumentError.
  static ExplorerSettings fromJson(const QJsonObject& json);

  void save(QSettings& store) const;
  // Falls back to the defaults when the stored settings are absent or invalid.
  static ExplorerSettings load(QSettings& store);

  bool operator==(const ExplorerSettings& other) const;
  bool operator!=(const ExplorerSettings& other) const { return !(*this == other); }
};

}  // namespace geodex
