#pragma once
// Everything that defines one scene of the explorer: manifold, score, metric, solver and the two
// endpoints. Plain data with JSON (session files) and QSettings (remembered between runs) forms;
// `validated()` is the one place that decides what is an acceptable parameter.
#include <Eigen/Core>
#include <QJsonObject>
#include <QString>

class QSettings;

namespace geodex {

struct ExplorerSettings {
  QString manifold = "sphere";
  // analytic | quadrature | empirical | empirical-torch | trained (an MLP from geodex-cli train)
  QString scoreSource = "analytic";
  QString modelFile;  // the trained model, when scoreSource is "trained"
  double sigma = 0.1;  // ignored by trained models: they carry the σ they were trained at
  int samples = 400;      // drawn points (and the empirical score's samples ×10)
  quint64 seed = 7;
  QString metric = "score";  // euclidean | score | conformal
  double lambda = 1000.0;    // the paper's value
  QString solver = "fast";   // fast (Gauss–Newton) | adam (the paper's)
  int points = 32;           // path points including the ends
  Eigen::Vector3d from{1.0, 0.0, 0.0};  // 2D manifolds use x, y (z = 0)
  Eigen::Vector3d to{0.0, 0.0, 1.0};
  double extrapolation = 0.0;  // shoot on past `to` for this fraction of the geodesic (0 = off)
  bool compareMetrics = false;  // also solve under the Euclidean and conformal metrics
  bool showSlerp = false;
  bool showEllipsoids = true;
  int ellipsoidDensity = 10;   // glyphs per axis of the grid (2D) or ~ density² samples (3D)
  bool showScoreArrows = false;

  static constexpr double kMinLambda = 1.0;
  static constexpr double kMaxLambda = 1e4;

  // The settings a manifold starts with: its natural endpoints and score source.
  static ExplorerSettings defaultsFor(const QString& manifold);
  // A model file as given, or, when relative and absent, the one shipped in the source tree
  // (resources/models/...).
  static QString resolveModelFile(const QString& path);

  int dimension() const;  // 2 or 3, from the manifold
  // The endpoints in the manifold's dimension.
  Eigen::VectorXd fromPoint() const { return from.head(dimension()); }
  Eigen::VectorXd toPoint() const { return to.head(dimension()); }

  // A copy with every value checked. Throws InvalidArgumentError naming the field and the
  // accepted range (unknown manifold, σ ≤ 0, λ outside [1, 1e4], NaN endpoints, ...).
  ExplorerSettings validated() const;

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
