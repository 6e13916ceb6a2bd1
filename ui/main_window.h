#pragma once
// geodex's main window. Its modes are tabs: the manifold explorer (below), Rotated MNIST
// (MnistPage) and Stable Diffusion images (ImagesPage). The explorer: a synthetic manifold in a VTK view with its metric
// ellipsoids, the geodesic between two endpoints drawn live as the worker thread solves, the
// straight line (and optionally SLERP, other metrics' geodesics, the extrapolation) beside it;
// the side panel holds the parameters and the numbers. Exports, sessions and a Tour menu.
#include <QMainWindow>

class QTabWidget;
#include <memory>
#include <optional>

#include "ui/explorer/explorer_settings.h"
#include "ui/explorer/geodesic_job.h"

namespace geodex {

class ExplorerPanel;
class GeodesicLayer;
class ManifoldScene;
class MetricFieldLayer;
class ImagesPage;
class MnistPage;
class SolveController;
class VtkOpenGlWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // rememberSettings: start from, and keep, the settings of the last run (QSettings). Tests and
  // screenshots start from the defaults instead.
  explicit MainWindow(bool rememberSettings = false, QWidget* parent = nullptr);
  ~MainWindow() override;

  VtkOpenGlWidget* view() const { return view_; }
  ExplorerPanel* panel() const { return panel_; }
  SolveController* controller() const { return controller_; }
  GeodesicLayer* paths() const { return paths_.get(); }
  MetricFieldLayer* field() const { return field_.get(); }
  MnistPage* mnistPage() const { return mnistPage_; }
  ImagesPage* imagesPage() const { return imagesPage_; }
  QTabWidget* modes() const { return tabs_; }
  ExplorerSettings settings() const;
  const std::optional<GeodesicJobResult>& lastResult() const { return lastResult_; }
  // No solve running or waiting.
  bool isIdle() const;

  // Shows `settings` in the panel and the view and solves for them (debounced when
  // `debounced`, else at once). Invalid settings give a message, not an exception.
  void applySettings(const ExplorerSettings& settings, bool debounced = false);
  void setEndpoints(const Eigen::Vector3d& from, const Eigen::Vector3d& to);
  // Shows scene `index` (0-based) of the Tour menu; false when there is no such scene.
  bool showTourScene(int index);

  // Each returns an empty string on success, else the message shown to the user.
  // Files are written completely or not at all.
  QString exportScreenshot(const QString& path);
  QString exportPathCsv(const QString& path);
  QString exportPathJson(const QString& path);
  QString exportPathVtp(const QString& path);
  QString saveSession(const QString& path);
  QString loadSession(const QString& path);

 Q_SIGNALS:
  // A solve finished and its result is drawn.
  void resultShown();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void onSettingsEdited();
  void showScene(const ExplorerSettings& settings);
  // The status line: what the explorer shows.
  void showStatus(const ExplorerSettings& settings);
  void updateStraightPaths(const ExplorerSettings& settings);
  void onPointPicked(const Eigen::Vector3d& world);
  void onResult(const GeodesicJobResult& result);
  void drawResult(const GeodesicJobResult& result);
  void reportError(const QString& title, const QString& message);
  // Asks for a file name and runs `action` on it, reporting its error.
  void exportWith(const QString& title, const QString& filter, const QString& suffix,
                  QString (MainWindow::*action)(const QString&));

  bool rememberSettings_;
  VtkOpenGlWidget* view_;
  ExplorerPanel* panel_;
  QTabWidget* tabs_;
  MnistPage* mnistPage_;
  ImagesPage* imagesPage_;
  SolveController* controller_;
  std::unique_ptr<ManifoldScene> scene_;
  std::unique_ptr<MetricFieldLayer> field_;
  std::unique_ptr<GeodesicLayer> paths_;
  QString sceneKey_;          // manifold + samples + seed currently drawn
  Eigen::MatrixXd samples_;   // the drawn samples [d × n], for snapping picks
  bool pickSecond_ = false;   // the next pick sets `to` (else `from`)
  std::optional<GeodesicJobResult> lastResult_;
  QString deviceName_;
};

}  // namespace geodex
