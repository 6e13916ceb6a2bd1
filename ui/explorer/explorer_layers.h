#pragma once
// What the explorer draws in its view: the manifold and its samples (ManifoldScene), the metric
// field, the paths (straight line, SLERP, geodesic, comparisons, extrapolation), the
// exponential-map fan and the geodesic distance field. It remembers which settings the drawn fan
// and field belong to, so that a solve recomputes them only when what they depend on changed.
// Every change asks the view for a new frame. GUI thread only.
#include <Eigen/Core>
#include <QString>
#include <memory>
#include <optional>

#include "core/geometry/geodesic_distance_field.h"
#include "ui/explorer/explorer_settings.h"

namespace geodex {

class DistanceFieldLayer;
class ExponentialFanLayer;
class GeodesicLayer;
class ManifoldScene;
class MetricFieldLayer;
class VtkOpenGlWidget;
struct ExplorerResult;
struct ExponentialFanResult;
struct MetricField;

class ExplorerLayers {
 public:
  // Adds its actors to `view`'s renderer; destroy it while the view is still there.
  explicit ExplorerLayers(VtkOpenGlWidget* view);
  ~ExplorerLayers();
  ExplorerLayers(const ExplorerLayers&) = delete;
  ExplorerLayers& operator=(const ExplorerLayers&) = delete;

  GeodesicLayer* paths() const { return paths_.get(); }
  MetricFieldLayer* field() const { return field_.get(); }
  ExponentialFanLayer* fan() const { return fan_.get(); }
  DistanceFieldLayer* distanceField() const { return distance_.get(); }
  // The drawn samples [d × n], for snapping picks.
  const Eigen::MatrixXd& samples() const { return samples_; }
  // The drawn distance field while it is visible (a click reads it off), else null.
  const GeodesicDistanceFieldResult* shownDistanceField() const;

  // What the GUI thread can draw at once: the manifold and samples (when they changed), the
  // endpoints and straight paths; a fan or field of other settings and the geodesic go (the
  // job draws the new ones).
  void showScene(const ExplorerSettings& settings);
  void resetCamera(bool twoD);
  // The key a job gives the fan (the distance field) it computes for `settings`; empty when the
  // drawn one already belongs to them or the layer is off.
  QString fanToCompute(const ExplorerSettings& settings) const;
  QString distanceFieldToCompute(const ExplorerSettings& settings) const;

  // A job's results; `shown` (the panel's settings now) says which layers are visible.
  void showField(const MetricField& field, const ExplorerSettings& shown);
  void showFan(const ExponentialFanResult& fan, const QString& metricName, const QString& key,
               const ExplorerSettings& shown);
  void showDistanceField(const GeodesicDistanceFieldResult& field, const QString& key,
                         const ExplorerSettings& shown);
  // The solver's path so far.
  void showSnapshot(const Eigen::MatrixXd& path, MetricKind metric);
  void showResult(const ExplorerResult& result);

 private:
  void updateStraightPaths(const ExplorerSettings& settings);

  VtkOpenGlWidget* view_;
  std::unique_ptr<ManifoldScene> scene_;
  std::unique_ptr<MetricFieldLayer> field_;
  std::unique_ptr<GeodesicLayer> paths_;
  std::unique_ptr<ExponentialFanLayer> fan_;
  std::unique_ptr<DistanceFieldLayer> distance_;
  QString sceneKey_;         // manifold + samples + seed currently drawn
  Eigen::MatrixXd samples_;
  // What the drawn fan and distance field were computed for (empty: none).
  QString fanKey_, distanceKey_;
  std::optional<GeodesicDistanceFieldResult> lastDistanceField_;
};

}  // namespace geodex
