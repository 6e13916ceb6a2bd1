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
#include "core/score/synthetic_score_factory.h"

class QSettings;

namespace geodex {

struct SyntheticSceneOptions;

struct ExplorerSettings {
  ManifoldKind manifold = ManifoldKind::Sphere;
  ScoreSource scoreSource = ScoreSource::Analytic;
  QString modelFile;   // the trained model (an MLP from geodex-cli train), for ScoreSource::Trained
  double sigma = 0.1;  // ignored by trained models: they carry the σ they were trained at
  int samples = 400;   // drawn points; the empirical scores use ten times as many
  quint64 seed = 7;
  MetricKind metric = MetricKind::Score;
  double lambda = 1000.0;                                       // the paper's value
  GeodesicSolverKind solver = GeodesicSolverKind::GaussNewton;  // or the paper's Adam
  int points = 32;                                              // path points including the ends
  // The energy's Gauss–Legendre nodes per segment, as geodex-cli's --quadrature: 0 = the
  // solver's default (defaultQuadratureNodes: 3 for Gauss–Newton, the paper's midpoint rule for
  // Adam); 1 = the midpoint rule, which a path can fool by crossing a ridge between midpoints.
  int quadratureNodes = 0;
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

  static constexpr double kMinLambda = 1.0;
  static constexpr double kMaxLambda = 1e4;
  static constexpr int kEmpiricalSamplesPerPoint = 10;

  // The settings a manifold starts with: its natural endpoints and score source.
  static ExplorerSettings defaultsFor(ManifoldKind manifold);

  int dimension() const;  // 2 or 3, from the manifold
  // The endpoints in the manifold's dimension.
  Eigen::VectorXd fromPoint() const { return from.head(dimension()); }
  Eigen::VectorXd toPoint() const { return to.head(dimension()); }
  QString manifoldName() const;

  // A copy with every value checked. Throws InvalidArgumentError naming the field and the
  // accepted range (σ ≤ 0, λ outside [1, 1e4], NaN endpoints, an analytic torus, ...).
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
