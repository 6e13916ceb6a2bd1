#pragma once
// The manifold explorer: a synthetic manifold in a VTK view with its metric ellipsoids, the
// geodesic between two endpoints drawn live while the job runner solves it, the straight line
// (and optionally SLERP, other metrics' geodesics, the extrapolation) beside it; the side panel
// holds the parameters and the numbers. Clicking a sample sets an endpoint. Exports, sessions
// and the Tour are its menu entries.
#include <Eigen/Core>
#include <memory>
#include <optional>

#include "ui/common/mode_page.h"
#include "ui/explorer/explorer_layers.h"
#include "ui/explorer/explorer_result.h"

namespace geodex {

class DistanceFieldLayer;
class ExplorerAnimations;
class ExplorerNumbers;
class ExplorerPanel;
class ExponentialFanLayer;
class GeodesicLayer;
class JobRunner;
class MetricFieldLayer;
class NoiseLevelDialog;
class SyntheticScene;
class VtkOpenGlWidget;

class ExplorerPage : public ModePage {
  Q_OBJECT
 public:
  // Parameter changes closer together than this start one solve, not many.
  static constexpr int kDebounceMs = 150;

  // rememberSettings: start from, and keep, the settings of the last run (QSettings). Tests and
  // screenshots start from the defaults instead.
  explicit ExplorerPage(bool rememberSettings = false, QWidget* parent = nullptr);
  ~ExplorerPage() override;

  VtkOpenGlWidget* view() const { return view_; }
  ExplorerPanel* panel() const { return panel_; }
  ExplorerNumbers* numbers() const { return numbers_; }
  JobRunner* jobs() const { return jobs_; }
  GeodesicLayer* paths() const { return layers_->paths(); }
  MetricFieldLayer* field() const { return layers_->field(); }
  ExponentialFanLayer* fan() const { return layers_->fan(); }
  DistanceFieldLayer* distanceField() const { return layers_->distanceField(); }
  ExplorerSettings settings() const;
  const std::optional<ExplorerResult>& lastResult() const { return lastResult_; }

  bool isIdle() const override;
  void cancel() override;
  QString statusHint() const override;
  void closing() override;

  // Shows `settings` in the panel and the view and solves for them (debounced when
  // `debounced`, else at once). Invalid settings give a message, not an exception.
  void applySettings(const ExplorerSettings& settings, bool debounced = false);
  void setEndpoints(const Eigen::Vector3d& from, const Eigen::Vector3d& to);
  // Shows scene `index` (0-based) of the Tour menu; false when there is no such scene.
  bool showTourScene(int index);

  // Each returns an empty string on success, else the message shown to the user.
  QString exportScreenshot(const QString& path);
  QString exportPathCsv(const QString& path);
  QString exportPathJson(const QString& path);
  QString exportPathVtp(const QString& path);
  QString saveSession(const QString& path);
  QString loadSession(const QString& path);

  // Animations for slides (ExplorerAnimations): an orbit of the view (cancel() stops it), or a
  // solve started now and recorded. An empty return: the frames are on their way, and
  // animationWritten follows.
  QString exportOrbitAnimation(const QString& path, int frames = 72);
  QString recordSolveAnimation(const QString& path);
  // "Choose σ…": the σ diagnosis for this scene (created on first use, kept).
  NoiseLevelDialog* showNoiseLevelDialog();

 Q_SIGNALS:
  // A solve finished and its result is drawn.
  void resultShown();
  // A solve recording ended: written to `path` when `error` is empty.
  void animationWritten(const QString& path, const QString& error);

 private:
  void buildActions();
  void onSettingsEdited();
  void solve(const ExplorerSettings& settings, bool debounced);
  // The scene drawn at once (ExplorerLayers::showScene) and the status line for it.
  void showScene(const ExplorerSettings& settings);
  void onPointPicked(const Eigen::Vector3d& world);
  void onResult(const ExplorerResult& result);
  // The message for exports without a result.
  QString withResult(QString (*write)(const ExplorerResult&, const QString&),
                     const QString& path) const;

  bool rememberSettings_;
  VtkOpenGlWidget* view_;
  ExplorerPanel* panel_;
  ExplorerNumbers* numbers_;
  JobRunner* jobs_;
  std::unique_ptr<ExplorerLayers> layers_;
  // The worker's scene (manifold, score, metrics), kept between solves; only jobs touch it.
  std::shared_ptr<std::unique_ptr<SyntheticScene>> computation_;
  bool pickSecond_ = false;  // the next pick sets `to` (else `from`)
  std::optional<ExplorerResult> lastResult_;
  QString deviceName_;
  std::unique_ptr<ExplorerAnimations> animations_;  // orbits and solve recordings
  NoiseLevelDialog* noiseLevels_ = nullptr;
};

}  // namespace geodex
