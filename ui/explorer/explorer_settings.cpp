#include "ui/explorer/explorer_settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <cmath>
#include <type_traits>

#include "core/geometry/metric_registry.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

[[noreturn]] void reject(const QString& message) {
  throw InvalidArgumentError(message.toStdString());
}

void checkRange(const char* field, double value, double low, double high) {
  if (!std::isfinite(value) || value < low || value > high)
    reject(
        QString("%1 must be between %2 and %3, got %4").arg(field).arg(low).arg(high).arg(value));
}

QJsonArray toJsonArray(const Eigen::Vector3d& v) {
  return QJsonArray{v.x(), v.y(), v.z()};
}

// A point in R^dimension. Sessions store three numbers (z = 0 on the plane); a point with
// missing or extra coordinates is refused, never padded with zeros or cut.
Eigen::Vector3d vectorFromJson(const QJsonValue& value, const char* field, int dimension,
                               const QString& manifold) {
  const QJsonArray array = value.toArray();
  if (!value.isArray() || array.size() < 2 || array.size() > 3)
    reject(QString("session field '%1' must be a list of 2 or 3 numbers").arg(field));
  Eigen::Vector3d v = Eigen::Vector3d::Zero();
  for (int i = 0; i < array.size(); ++i) {
    if (!array[i].isDouble()) reject(QString("session field '%1' holds a non-number").arg(field));
    v[i] = array[i].toDouble();
  }
  if (array.size() < dimension || (array.size() > dimension && v[2] != 0.0))
    reject(QString("session field '%1' has %2 coordinates, the %3 lives in R^%4")
               .arg(field)
               .arg(array.size())
               .arg(manifold)
               .arg(dimension));
  return v;
}

QString text(const std::string& value) {
  return QString::fromStdString(value);
}

QString key(const NumberSetting& setting) {
  return QString::fromStdString(setting.jsonKey());
}

}  // namespace

ExplorerSettings ExplorerSettings::defaultsFor(ManifoldKind kind) {
  ExplorerSettings settings;
  settings.manifold = kind;
  const auto manifold = SyntheticManifold::create(kind);
  settings.scoreSource = defaultScoreSource(*manifold);
  const auto put = [&](Eigen::Vector3d& target, const Eigen::VectorXd& point) {
    target.setZero();
    target.head(point.size()) = point;
  };
  switch (kind) {
    case ManifoldKind::Sphere:
      settings.from = {1, 0, 0};
      settings.to = {0, 0, 1};
      break;
    case ManifoldKind::Torus:  // around the hole, from the outer equator
      settings.from = {1.4, 0, 0};
      settings.to = {-0.70711, 0.70711, 0.4};  // 135° further on, on top of the tube
      break;
    default: {
      // Two points well apart on one piece of the curve (the first moon, say), or across a
      // stretch of the surface.
      const int cols = 100;
      if (manifold->intrinsicDimension() == 2) {
        const Eigen::MatrixXd grid = manifold->parameterGrid(5, cols);
        put(settings.from, grid.col(1 * cols + 30));
        put(settings.to, grid.col(3 * cols + 55));
      } else {
        const Eigen::MatrixXd grid = manifold->parameterGrid(1, cols);
        put(settings.from, grid.col(8));
        put(settings.to, grid.col(42));
      }
    }
  }
  return settings;
}

int ExplorerSettings::dimension() const {
  return SyntheticManifold::create(manifold)->ambientDimension();
}

QString ExplorerSettings::manifoldName() const {
  return text(SyntheticManifold::nameOf(manifold));
}

ExplorerSettings ExplorerSettings::validated() const {
  if (scoreSource == ScoreSource::Trained && modelFile.trimmed().isEmpty())
    reject("the trained score needs a model file (File > Open model, or geodex-cli train)");
  kSigma.checked(sigma);
  // Every metric's parameters, not only the chosen one's: the panel keeps them all.
  for (const MetricDescription& d : metricRegistry())
    for (const MetricParameter& p : d.parameters) p.setting.checked(p.get(metric));
  kPoints.checked(points);
  kSamples.checked(samples);
  kExtrapolation.checked(extrapolation);
  kEllipsoidDensity.checked(ellipsoidDensity);
  kFanRays.checked(fanRays);
  kFanLength.checked(fanLength);
  kDistanceResolution.checked(distanceResolution);
  for (int i = 0; i < 3; ++i) {
    checkRange("from", from[i], -100, 100);
    checkRange("to", to[i], -100, 100);
  }
  if ((fromPoint() - toPoint()).norm() < 1e-9) reject("the two endpoints coincide");
  if (scoreSource == ScoreSource::Analytic && manifold != ManifoldKind::Sphere &&
      manifold != ManifoldKind::Circle)
    reject(QString("no analytic score for the %1: choose quadrature or empirical")
               .arg(manifoldName()));
  const auto shape = SyntheticManifold::create(manifold);
  if (showDistanceField && shape->ambientDimension() == 3 && shape->intrinsicDimension() != 2)
    reject(QString("the distance field needs a plane or a surface; the %1 is a curve in R^3")
               .arg(manifoldName()));
  return *this;
}

ExponentialFanOptions ExplorerSettings::fanOptions() const {
  ExponentialFanOptions o;
  o.rays = fanRays;
  o.length = fanLength;
  return o;
}

GeodesicDistanceFieldOptions ExplorerSettings::distanceFieldOptions() const {
  GeodesicDistanceFieldOptions o;
  o.resolution = distanceResolution;
  return o;
}

SyntheticSceneOptions ExplorerSettings::sceneOptions() const {
  SyntheticSceneOptions o;
  o.manifold = manifold;
  o.score.source = scoreSource;
  o.score.modelFile = modelFile.toStdString();
  o.score.sigma = sigma;
  o.score.samples = kEmpiricalSamplesPerPoint * samples;
  o.score.seed = seed;
  o.metric = metric;
  if (metric.quadratureNodes == 0) o.metric.quadratureNodes = defaultQuadratureNodes(solver);
  o.from = fromPoint();
  o.to = toPoint();
  o.geodesic.solver = solver;
  o.geodesic.points = points;
  o.geodesic.initialization = initialization;
  o.slerp = showSlerp;
  o.compareMetrics = compareMetrics;
  o.extrapolation = extrapolation;
  return o;
}

QJsonObject ExplorerSettings::toJson() const {
  QJsonObject json{
      {"manifold", manifoldName()},
      {"score_source", text(toString(scoreSource))},
      {"model_file", modelFile},
      {key(kSigma), sigma},
      {key(kSamples), samples},
      {"seed", QString::number(seed)},
      {"metric", text(toString(metric.kind))},
      {"solver", text(toString(solver))},
      {key(kPoints), points},
      {"initialization", text(toString(initialization))},
      {"from", toJsonArray(from)},
      {"to", toJsonArray(to)},
      {key(kExtrapolation), extrapolation},
      {"compare_metrics", compareMetrics},
      {"show_slerp", showSlerp},
      {"show_ellipsoids", showEllipsoids},
      {key(kEllipsoidDensity), ellipsoidDensity},
      {"show_score_arrows", showScoreArrows},
      {"show_fan", showFan},
      {key(kFanRays), fanRays},
      {key(kFanLength), fanLength},
      {"show_distance_field", showDistanceField},
      {key(kDistanceResolution), distanceResolution},
  };
  for (const MetricDescription& d : metricRegistry())
    for (const MetricParameter& p : d.parameters)
      json[QString::fromStdString(p.setting.jsonKey())] = p.get(metric);
  return json;
}

ExplorerSettings ExplorerSettings::fromJson(const QJsonObject& json) {
  ExplorerSettings s;
  // Text fields name core's choices: the parsers throw with the accepted names.
  const auto choice = [&](const char* key, auto& out, auto parse) {
    if (!json.contains(key)) return;
    if (!json[key].isString()) reject(QString("session field '%1' must be text").arg(key));
    out = parse(json[key].toString().toStdString());
  };
  const auto number = [&](const char* key, auto& out) {
    if (!json.contains(key)) return;
    if (!json[key].isDouble()) reject(QString("session field '%1' must be a number").arg(key));
    if (!(std::abs(json[key].toDouble()) < 1e9))
      reject(
          QString("session field '%1' is out of range, got %2").arg(key).arg(json[key].toDouble()));
    using Value = std::remove_reference_t<decltype(out)>;
    if (std::is_integral_v<Value> && json[key].toDouble() != std::floor(json[key].toDouble()))
      reject(QString("session field '%1' must be a whole number, got %2")
                 .arg(key)
                 .arg(json[key].toDouble()));
    out = static_cast<Value>(json[key].toDouble());
  };
  const auto flag = [&](const char* key, bool& out) {
    if (!json.contains(key)) return;
    if (!json[key].isBool()) reject(QString("session field '%1' must be true or false").arg(key));
    out = json[key].toBool();
  };
  choice("manifold", s.manifold, SyntheticManifold::kindOf);
  choice("score_source", s.scoreSource, parseScoreSource);
  choice("model_file", s.modelFile, [](const std::string& path) { return text(path); });
  number(kSigma.jsonKey().c_str(), s.sigma);
  number(kSamples.jsonKey().c_str(), s.samples);
  if (json.contains("seed")) {
    bool ok = false;
    s.seed = json["seed"].toString().toULongLong(&ok);
    if (!ok) reject("session field 'seed' must be a whole number written as text");
  }
  choice("metric", s.metric.kind, parseMetricKind);
  for (const MetricDescription& d : metricRegistry())
    for (const MetricParameter& p : d.parameters) {
      double value = p.get(s.metric);
      number(p.setting.jsonKey().c_str(), value);
      p.set(s.metric, value);
    }
  choice("solver", s.solver, parseGeodesicSolverKind);
  number(kPoints.jsonKey().c_str(), s.points);
  choice("initialization", s.initialization, parsePathInitialization);
  for (auto [key, point] : {std::pair{"from", &s.from}, std::pair{"to", &s.to}})
    if (json.contains(key))
      *point = vectorFromJson(json[key], key, s.dimension(), s.manifoldName());
  number(kExtrapolation.jsonKey().c_str(), s.extrapolation);
  flag("compare_metrics", s.compareMetrics);
  flag("show_slerp", s.showSlerp);
  flag("show_ellipsoids", s.showEllipsoids);
  number(kEllipsoidDensity.jsonKey().c_str(), s.ellipsoidDensity);
  flag("show_score_arrows", s.showScoreArrows);
  flag("show_fan", s.showFan);
  number(kFanRays.jsonKey().c_str(), s.fanRays);
  number(kFanLength.jsonKey().c_str(), s.fanLength);
  flag("show_distance_field", s.showDistanceField);
  number(kDistanceResolution.jsonKey().c_str(), s.distanceResolution);
  return s.validated();
}

// One JSON string: INI-backed QSettings would turn numbers and flags into text.
void ExplorerSettings::save(QSettings& store) const {
  store.setValue("explorer/settings", QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

ExplorerSettings ExplorerSettings::load(QSettings& store) {
  const QJsonDocument document =
      QJsonDocument::fromJson(store.value("explorer/settings").toByteArray());
  if (!document.isObject()) return ExplorerSettings{};
  try {
    return fromJson(document.object());
  } catch (const GeodexError&) {
    return ExplorerSettings{};  // stale or hand-edited settings must not stop the program
  }
}

bool ExplorerSettings::operator==(const ExplorerSettings& o) const {
  return toJson() == o.toJson();
}

}  // namespace geodex
