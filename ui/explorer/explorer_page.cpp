#include "ui/explorer/explorer_page.h"

#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/util/device.h"
#include "core/util/errors.h"
#include "ui/common/job_runner.h"
#include "ui/common/messages.h"
#include "ui/common/png_file.h"
#include "ui/common/point_conversions.h"
#include "ui/common/save_path_dialog.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/explorer_animations.h"
#include "ui/explorer/explorer_files.h"
#include "ui/explorer/explorer_layers.h"
#include "ui/explorer/explorer_numbers.h"
#include "ui/explorer/explorer_panel.h"
#include "ui/explorer/metric_controls.h"
#include "ui/explorer/noise_level_dialog.h"
#include "ui/explorer/tour.h"

namespace geodex {

ExplorerPage::ExplorerPage(bool rememberSettings, QWidget* parent)
    : ModePage(parent),
      rememberSettings_(rememberSettings),
      view_(new VtkOpenGlWidget(this)),
      panel_(new ExplorerPanel(this)),
      numbers_(new ExplorerNumbers(this)),
      jobs_(new JobRunner("geodex solver", this)),
      layers_(std::make_unique<ExplorerLayers>(view_)),
      computation_(std::make_shared<std::unique_ptr<SyntheticScene>>()),
      deviceName_(QString::fromStdString(resolvedDeviceName(DeviceChoice::Auto))),
      animations_(std::make_unique<ExplorerAnimations>(view_)) {
  auto* viewColumn = new QWidget(this);
  auto* viewLayout = new QVBoxLayout(viewColumn);
  viewLayout->setContentsMargins(0, 0, 0, 0);
  viewLayout->setSpacing(0);
  viewLayout->addWidget(view_, 1);
  viewLayout->addWidget(numbers_);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(viewColumn);
  split->addWidget(panel_);
  split->setStretchFactor(0, 1);
  split->setCollapsible(0, false);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);
  buildActions();

  connect(panel_, &ExplorerPanel::settingsEdited, this, &ExplorerPage::onSettingsEdited);
  connect(panel_, &ExplorerPanel::solveRequested, this,
          [this] { solve(panel_->settings(), false); });
  connect(panel_, &ExplorerPanel::cancelRequested, jobs_, &JobRunner::cancel);
  connect(view_, &VtkOpenGlWidget::pointPicked, this, &ExplorerPage::onPointPicked);
  panel_->follow(jobs_);
  connect(jobs_, &JobRunner::snapshotReady, this, [this](const Eigen::MatrixXd& path) {
    layers_->showSnapshot(path, panel_->settings().metric.kind);
    animations_->addSolveFrame();
  });
  connect(jobs_, &JobRunner::failed, this, [this](const QString& message) {
    emit statusMessage("The solve failed: " + message);
    animations_->finishSolveRecording("the solve failed (" + message + "); nothing written");
  });
  connect(jobs_, &JobRunner::cancelled, this,
          [this] { animations_->finishSolveRecording("the solve was cancelled; nothing written"); });
  connect(animations_.get(), &ExplorerAnimations::statusMessage, this, &ExplorerPage::statusMessage);
  connect(animations_.get(), &ExplorerAnimations::failed, this,
          [this](const QString& title, const QString& message) { reportError(title, message); });
  connect(animations_.get(), &ExplorerAnimations::written, this, &ExplorerPage::animationWritten);

  ExplorerSettings start;
  if (rememberSettings_) {
    QSettings store;
    start = ExplorerSettings::load(store);
  }
  applySettings(start);
}

// The layers and the animations (members) go before the view (a child widget): an orbit puts
// the camera back while the view is still there. The runner (a child QObject) joins its thread
// when QObject deletes it, and its jobs hold the scene they use.
ExplorerPage::~ExplorerPage() = default;

ExplorerSettings ExplorerPage::settings() const {
  return panel_->settings();
}

// The σ dialog's diagnosis is the page's work too: the window waits for it and stops it.
bool ExplorerPage::isIdle() const {
  return jobs_->isIdle() && animations_->isIdle() &&
         (!noiseLevels_ || noiseLevels_->jobs()->isIdle());
}

void ExplorerPage::cancel() {
  jobs_->cancel();
  if (noiseLevels_) noiseLevels_->jobs()->cancel();
  if (animations_->cancelOrbit()) emit statusMessage("Orbit cancelled; nothing written");
}

void ExplorerPage::closing() {
  cancel();
  if (rememberSettings_) {
    QSettings store;
    panel_->settings().save(store);
  }
}

QString ExplorerPage::statusHint() const {
  const ExplorerSettings& s = panel_->settings();
  return QString("%1 in %2-D · %3 score, σ = %4 · %5 metric%6 · LibTorch device: %7")
      .arg(s.manifoldName())
      .arg(s.dimension())
      .arg(QString::fromStdString(toString(s.scoreSource)))
      .arg(s.sigma)
      .arg(QString::fromStdString(toString(s.metric.kind)))
      .arg(MetricControls::parametersText(s.metric))
      .arg(deviceName_);
}

void ExplorerPage::buildActions() {
  addFileAction(
      "&Open session…",
      [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, "Open session", {}, "geodex session (*.json)");
        if (path.isEmpty()) return;
        if (const QString error = loadSession(path); !error.isEmpty())
          reportError("Cannot open session", error);
      },
      QKeySequence::Open);
  addExport("&Save session…", "geodex session (*.json)", "json", [this](const QString& path) {
    return saveSession(path);
  })->setShortcut(QKeySequence::Save);
  addFileSeparator();
  addExport("Export view as &PNG…", "PNG image (*.png)", "png",
            [this](const QString& path) { return exportScreenshot(path); });
  addExport("Export paths as &CSV…", "CSV (*.csv)", "csv",
            [this](const QString& path) { return exportPathCsv(path); });
  addExport("Export paths as &JSON…", "JSON (*.json)", "json",
            [this](const QString& path) { return exportPathJson(path); });
  addExport("Export paths as &VTP (ParaView)…", "VTK polydata (*.vtp)", "vtp",
            [this](const QString& path) { return exportPathVtp(path); });
  // Not addExport: a solve recording is written later, and says so itself.
  addFileAction("Export &animation (GIF, MP4)…", [this] {
    const QString path =
        askSavePath(this, "Export animation", "GIF animation (*.gif);;MP4 video (*.mp4)", "gif");
    if (path.isEmpty()) return;
    const QStringList sources{"Orbit: one turn of the camera, 72 frames",
                              "While solving: one frame per drawn snapshot"};
    bool ok = false;
    const QString source =
        QInputDialog::getItem(this, "Export animation", "Frames", sources, 0, false, &ok);
    if (!ok) return;
    const QString error =
        source == sources[0] ? exportOrbitAnimation(path) : recordSolveAnimation(path);
    if (!error.isEmpty()) reportError("Export animation failed", error);
  });

  QMenu* viewMenu = addMenu("&View");
  viewMenu->addAction("&Reset camera", this,
                      [this] { layers_->resetCamera(panel_->settings().dimension() == 2); });
  viewMenu->addAction("Choose &σ…", this, [this] { showNoiseLevelDialog(); });
  QMenu* tour = addMenu("&Tour");
  const std::vector<TourScene> scenes = tourScenes();
  for (int k = 0; k < int(scenes.size()); ++k)
    tour->addAction(scenes[k].title, this, [this, k] { showTourScene(k); });
}

bool ExplorerPage::showTourScene(int index) {
  const std::vector<TourScene> scenes = tourScenes();
  if (index < 0 || index >= int(scenes.size())) return false;
  applySettings(scenes[index].settings);
  emit statusMessage(scenes[index].caption);
  if (scenes[index].opensSigmaDiagnosis) showNoiseLevelDialog()->compute();
  return true;
}

void ExplorerPage::applySettings(const ExplorerSettings& requested, bool debounced) {
  ExplorerSettings settings;
  try {
    settings = requested.validated();
  } catch (const GeodexError& error) {
    reportError("Invalid parameters", QString::fromUtf8(error.what()));
    return;
  }
  panel_->setSettings(settings);
  showScene(settings);
  solve(settings, debounced);
}

void ExplorerPage::setEndpoints(const Eigen::Vector3d& from, const Eigen::Vector3d& to) {
  ExplorerSettings s = panel_->settings();
  s.from = from;
  s.to = to;
  applySettings(s);
}

void ExplorerPage::onSettingsEdited() {
  const ExplorerSettings settings = panel_->settings();
  try {
    settings.validated();
  } catch (const GeodexError& error) {
    panel_->showMessage(QString::fromUtf8(error.what()));
    return;
  }
  showScene(settings);
  solve(settings, true);
  if (rememberSettings_) {
    QSettings store;
    settings.save(store);
  }
}

// The job: core's scene computation, reusing the worker's scene while manifold and score stay.
void ExplorerPage::solve(const ExplorerSettings& settings, bool debounced) {
  // Recomputed only when what they depend on changed since they were drawn.
  const QString fanKey = layers_->fanToCompute(settings);
  const QString distanceKey = layers_->distanceFieldToCompute(settings);
  auto job = [this, computation = computation_, settings, fanKey,
              distanceKey](const JobRunner::Context& context) {
    QElapsedTimer timer;
    timer.start();
    const SyntheticSceneOptions options = settings.sceneOptions();
    SyntheticScene& scene = reuseSyntheticScene(*computation, options);
    if (settings.showEllipsoids || settings.showScoreArrows) {
      const MetricField field =
          scene.field(options.metric, {settings.ellipsoidDensity, settings.sigma, settings.seed});
      context.deliver([this, field] { layers_->showField(field, panel_->settings()); });
    }
    // The fan and the distance field listen only for cancellation: their progress would make
    // the solve's bar and energy plot jump.
    const SolverControl cancelOnly = context.control().cancelOnly();
    if (!fanKey.isEmpty()) {
      const ExponentialFanResult fan =
          scene.fan(options.metric, options.from, settings.fanOptions(), cancelOnly);
      context.deliver(
          [this, fan, fanKey, metric = QString::fromStdString(toString(settings.metric.kind))] {
            layers_->showFan(fan, metric, fanKey, panel_->settings());
          });
    }
    if (!distanceKey.isEmpty()) {
      const GeodesicDistanceFieldResult field = scene.distanceField(
          options.metric, options.from, settings.distanceFieldOptions(), cancelOnly);
      context.deliver([this, field, distanceKey] {
        layers_->showDistanceField(field, distanceKey, panel_->settings());
      });
    }
    ExplorerResult result;
    static_cast<SyntheticSceneResult&>(result) = scene.solve(options, context.control());
    result.settings = settings;
    result.jobSeconds = timer.nsecsElapsed() / 1e9;
    context.deliver([this, result] { onResult(result); });
  };
  if (debounced)
    jobs_->request(job, kDebounceMs);
  else
    jobs_->runNow(job);
}

void ExplorerPage::showScene(const ExplorerSettings& settings) {
  layers_->showScene(settings);
  emit statusMessage(statusHint());
}

void ExplorerPage::onPointPicked(const Eigen::Vector3d& world) {
  const Eigen::MatrixXd& samples = layers_->samples();
  if (samples.cols() == 0) return;
  // Snap to the nearest sample point: endpoints then lie on the data.
  const int d = int(samples.rows());
  // The click in the samples' dimension (a dynamic vector: GCC's bounds analysis misreads a
  // dynamic head() of a fixed 3-vector).
  const Eigen::VectorXd clicked = Eigen::VectorXd(world).head(d);
  Eigen::Index nearest = 0;
  (samples.colwise() - clicked).colwise().squaredNorm().minCoeff(&nearest);
  const Eigen::Vector3d point = liftTo3D(samples.col(nearest));
  ExplorerSettings s = panel_->settings();
  // With the distance field shown its source (the first endpoint) stays: a click reads off the
  // distance there and moves the second endpoint, whose geodesic length is comparable.
  if (const GeodesicDistanceFieldResult* field = layers_->shownDistanceField()) {
    const double distance = field->distanceNear(clicked);
    if ((s.fromPoint() - samples.col(nearest)).norm() < 1e-12) return;
    s.to = point;
    pickSecond_ = false;
    panel_->setSettings(s);
    onSettingsEdited();
    emit statusMessage(QString("Geodesic distance from the first endpoint to (%1, %2%3): %4 "
                               "(second endpoint set to the nearest sample)")
                           .arg(world.x(), 0, 'g', 4)
                           .arg(world.y(), 0, 'g', 4)
                           .arg(d == 3 ? QString(", %1").arg(world.z(), 0, 'g', 4) : QString())
                           .arg(distance, 0, 'g', 5));
    return;
  }
  (pickSecond_ ? s.to : s.from) = point;
  emit statusMessage(QString("%1 endpoint set to the sample at (%2, %3, %4)")
                         .arg(pickSecond_ ? "Second" : "First")
                         .arg(point.x())
                         .arg(point.y())
                         .arg(point.z()));
  pickSecond_ = !pickSecond_;
  if ((s.fromPoint() - s.toPoint()).norm() < 1e-12) return;  // same point twice
  panel_->setSettings(s);
  onSettingsEdited();
}

void ExplorerPage::onResult(const ExplorerResult& result) {
  lastResult_ = result;
  layers_->showResult(result);
  panel_->showResult(result);
  numbers_->showResult(result);
  if (animations_->recordingSolve()) {
    animations_->addSolveFrame();
    animations_->finishSolveRecording({});
  }
  emit resultShown();
}

QString ExplorerPage::withResult(QString (*write)(const ExplorerResult&, const QString&),
                                 const QString& path) const {
  if (!lastResult_) return "there is no path yet: wait for a solve to finish";
  return write(*lastResult_, path);
}

QString ExplorerPage::exportScreenshot(const QString& path) {
  return writePngFile(view_->grabView(), path);
}

QString ExplorerPage::exportPathCsv(const QString& path) {
  return withResult(writePathCsv, path);
}

QString ExplorerPage::exportPathJson(const QString& path) {
  return withResult(writePathJson, path);
}

QString ExplorerPage::exportPathVtp(const QString& path) {
  return withResult(writePathVtp, path);
}

QString ExplorerPage::saveSession(const QString& path) {
  const bool current = lastResult_ && lastResult_->settings == panel_->settings();
  return writeSession(panel_->settings(), current ? &lastResult_->geodesic.path : nullptr, path);
}

QString ExplorerPage::loadSession(const QString& path) {
  ExplorerSession session;
  if (const QString error = messageOf([&] { session = readSession(path); }); !error.isEmpty())
    return error;
  // Without a stored path the session is solved again.
  if (!session.geodesic) {
    applySettings(session.settings);
    return {};
  }
  const ExplorerSettings& settings = session.settings;
  jobs_->discard();
  panel_->setBusy(false);
  panel_->setSettings(settings);
  showScene(settings);
  lastResult_ = session.result(QFileInfo(path).fileName());
  layers_->showResult(*lastResult_);
  numbers_->clearResult();
  panel_->showMessage("Loaded session " + path + " (press Solve to recompute)");
  return {};
}

QString ExplorerPage::exportOrbitAnimation(const QString& path, int frames) {
  return animations_->startOrbit(path, frames, panel_->settings().dimension() == 2);
}

QString ExplorerPage::recordSolveAnimation(const QString& path) {
  if (const QString error = animations_->startSolveRecording(path); !error.isEmpty()) return error;
  solve(panel_->settings(), false);
  emit statusMessage("Recording the solve into " + path + "…");
  return {};
}

NoiseLevelDialog* ExplorerPage::showNoiseLevelDialog() {
  if (!noiseLevels_) noiseLevels_ = new NoiseLevelDialog(this);
  const ExplorerSettings s = panel_->settings();
  noiseLevels_->setContext(s.manifold, s.sigma, s.metric.lambda);
  noiseLevels_->show();
  noiseLevels_->raise();
  return noiseLevels_;
}

}  // namespace geodex
