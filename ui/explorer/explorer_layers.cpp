#include "ui/explorer/explorer_layers.h"

#include "core/data/synthetic_manifold.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/pipelines/metric_field.h"
#include "ui/common/geodesic_layer.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/distance_field_layer.h"
#include "ui/explorer/explorer_result.h"
#include "ui/explorer/exponential_fan_layer.h"
#include "ui/explorer/manifold_scene.h"
#include "ui/explorer/metric_field_layer.h"

namespace geodex {

namespace {

// "score-metric geodesic": the legend's name of a metric's geodesic, from the registry's name.
QString labelFor(MetricKind metric) {
  if (!describeMetric(metric).needsScore) return "Euclidean geodesic";
  return QString("%1-metric geodesic").arg(QString::fromUtf8(describeMetric(metric).name));
}

// What the fan and the distance field depend on, from the typed values: the scene, the metric
// with every parameter the registry lists, the first endpoint, and the layer's own numbers.
// Empty when the layer is off.
QString layerKey(const ExplorerSettings& s, bool shown, std::initializer_list<double> own) {
  if (!shown) return {};
  QStringList parts{QString::number(int(s.manifold)), QString::number(int(s.scoreSource)),
                    s.modelFile, QString::number(s.samples), QString::number(s.seed),
                    QString::number(int(s.metric.kind))};
  std::vector<double> numbers{s.sigma, s.from.x(), s.from.y(), s.from.z()};
  for (const MetricDescription& d : metricRegistry())
    for (const MetricParameter& p : d.parameters) numbers.push_back(p.get(s.metric));
  numbers.insert(numbers.end(), own);
  for (const double x : numbers) parts << QString::number(x, 'g', 17);
  return parts.join('|');
}

QString fanKeyOf(const ExplorerSettings& s) {
  return layerKey(s, s.showFan, {double(s.fanRays), s.fanLength});
}

QString distanceKeyOf(const ExplorerSettings& s) {
  return layerKey(s, s.showDistanceField, {double(s.distanceResolution)});
}

}  // namespace

ExplorerLayers::ExplorerLayers(VtkOpenGlWidget* view)
    : view_(view),
      scene_(std::make_unique<ManifoldScene>(view->renderer())),
      field_(std::make_unique<MetricFieldLayer>(view->renderer())),
      paths_(std::make_unique<GeodesicLayer>(view->renderer())),
      fan_(std::make_unique<ExponentialFanLayer>(view->renderer())),
      distance_(std::make_unique<DistanceFieldLayer>(view->renderer())) {}

ExplorerLayers::~ExplorerLayers() = default;

void ExplorerLayers::showScene(const ExplorerSettings& settings) {
  const QString key =
      QString("%1/%2/%3").arg(settings.manifoldName()).arg(settings.samples).arg(settings.seed);
  const bool twoD = settings.dimension() == 2;
  if (key != sceneKey_) {
    const auto manifold = SyntheticManifold::create(settings.manifold);
    samples_ = manifold->sample(settings.samples, settings.seed);
    scene_->setManifold(*manifold);
    scene_->setSamples(samples_);
    field_->clear();
    const Eigen::VectorXd extent = samples_.rowwise().maxCoeff() - samples_.rowwise().minCoeff();
    paths_->setScale(0.008 * extent.norm());
    view_->setInteractionMode3D(!twoD);
    scene_->resetCamera(twoD);
    sceneKey_ = key;
  }
  field_->setVisible(settings.showEllipsoids, settings.showScoreArrows);
  // A fan or field of other settings goes at once; the job draws the new one.
  if (fanKeyOf(settings) != fanKey_) {
    fan_->clear();
    fanKey_.clear();
  }
  if (distanceKeyOf(settings) != distanceKey_) {
    distance_->clear();
    distanceKey_.clear();
    lastDistanceField_.reset();
  }
  fan_->setVisible(settings.showFan);
  distance_->setVisible(settings.showDistanceField);
  scene_->setSurfaceVisible(!(distance_->isVisible() && !twoD));
  paths_->setPath(GeodesicLayer::Geodesic, {});
  paths_->setPath(GeodesicLayer::Extrapolation, {});
  for (int k = 0; k < GeodesicLayer::kComparisons; ++k)
    paths_->setPath(GeodesicLayer::comparison(k), {});
  updateStraightPaths(settings);
  view_->requestRender();
}

void ExplorerLayers::updateStraightPaths(const ExplorerSettings& s) {
  const Eigen::VectorXd from = s.fromPoint(), to = s.toPoint();
  paths_->setEndpoints(s.from, s.to);
  paths_->setPath(GeodesicLayer::Straight, lerpPath(from, to, 2), "straight line");
  paths_->setPath(GeodesicLayer::Slerp, s.showSlerp ? slerpPath(from, to, 64) : Eigen::MatrixXd(),
                  "SLERP");
}

const GeodesicDistanceFieldResult* ExplorerLayers::shownDistanceField() const {
  return lastDistanceField_ && distance_->isVisible() ? &*lastDistanceField_ : nullptr;
}

void ExplorerLayers::resetCamera(bool twoD) {
  scene_->resetCamera(twoD);
  view_->requestRender();
}

QString ExplorerLayers::fanToCompute(const ExplorerSettings& settings) const {
  const QString key = fanKeyOf(settings);
  return key != fanKey_ ? key : QString();
}

QString ExplorerLayers::distanceFieldToCompute(const ExplorerSettings& settings) const {
  const QString key = distanceKeyOf(settings);
  return key != distanceKey_ ? key : QString();
}

void ExplorerLayers::showField(const MetricField& field, const ExplorerSettings& shown) {
  field_->setField(field);
  field_->setVisible(shown.showEllipsoids, shown.showScoreArrows);
  view_->requestRender();
}

void ExplorerLayers::showFan(const ExponentialFanResult& fan, const QString& metricName,
                             const QString& key, const ExplorerSettings& shown) {
  fan_->setFan(fan, metricName);
  fanKey_ = key;
  fan_->setVisible(shown.showFan);
  view_->requestRender();
}

void ExplorerLayers::showDistanceField(const GeodesicDistanceFieldResult& field,
                                       const QString& key, const ExplorerSettings& shown) {
  distance_->setField(field);
  lastDistanceField_ = field;
  distanceKey_ = key;
  distance_->setVisible(shown.showDistanceField);
  // On a surface the field takes the grey surface's place (the two would z-fight).
  scene_->setSurfaceVisible(!(distance_->isVisible() && field.grid.nodes.rows() == 3));
  view_->requestRender();
}

// The iteration is in the panel's status line: the legend keeps its text.
void ExplorerLayers::showSnapshot(const Eigen::MatrixXd& path, MetricKind metric) {
  paths_->setPath(GeodesicLayer::Geodesic, path, labelFor(metric));
  view_->requestRender();
}

void ExplorerLayers::showResult(const ExplorerResult& r) {
  paths_->setPath(GeodesicLayer::Geodesic, r.geodesic.path, labelFor(r.settings.metric.kind));
  paths_->setPath(GeodesicLayer::Straight, r.straightPath, "straight line");
  paths_->setPath(GeodesicLayer::Slerp, r.slerpPath, "SLERP");
  paths_->setPath(GeodesicLayer::Extrapolation, r.extrapolation, "extrapolation (shooting)");
  // The comparisons in the registry's order; a metric that needs no score (Euclidean) has the
  // straight line as its geodesic, already drawn in red.
  int slot = 0;
  for (const ComparisonPath& c : r.comparisons)
    if (describeMetric(c.metric).needsScore && slot < GeodesicLayer::kComparisons)
      paths_->setPath(GeodesicLayer::comparison(slot++), c.path, labelFor(c.metric));
  for (; slot < GeodesicLayer::kComparisons; ++slot) paths_->setPath(GeodesicLayer::comparison(slot), {});
  paths_->setEndpoints(r.settings.from, r.settings.to);
  view_->requestRender();
}

}  // namespace geodex
