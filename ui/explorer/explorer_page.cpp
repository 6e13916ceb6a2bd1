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

#include "core/data/synthetic_manifold.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/util/device.h"
#include "core/util/errors.h"
#include "ui/common/geodesic_layer.h"
#include "ui/common/job_runner.h"
#include "ui/common/messages.h"
#include "ui/common/png_file.h"
#include "ui/common/point_conversions.h"
#include "ui/common/save_path_dialog.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/distance_field_layer.h"
#include "ui/explorer/explorer_animations.h"
#include "ui/explorer/explorer_files.h"
#include "ui/explorer/explorer_numbers.h"
#include "ui/explorer/explorer_panel.h"
#include "ui/explorer/exponential_fan_layer.h"
#include "ui/explorer/manifold_scene.h"
#include "ui/explorer/metric_field_layer.h"
#include "ui/explorer/noise_level_dialog.h"
#include "ui/explorer/tour.h"

namespace geodex {

namespace {

// "score-metric geodesic": the legend's name of a metric's geodesic, from the registry's name.
QString labelFor(MetricKind metric) {
  if (!describeMetric(metric).needsScore) return "Euclidean geodesic";
  return QString("%1-metric geodesic").arg(QString::fromUtf8(describeMetric(metric).name));
}

// ", λ = 1000, nodes = 3": the chosen metric's parameters, as the registry names them.
QString metricParametersText(const MetricOptions& metric) {
  QString text;
  for (const MetricParameter& p : describeMetric(metric.kind).parameters)
    text += QString(", %1 = %2").arg(QString::fromUtf8(p.setting.symbol)).arg(p.get(metric));
  return text;
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

ExplorerPage::ExplorerPage(bool rememberSettings, QWidget* parent)
    : ModePage(parent),
      rememberSettings_(rememberSettings),
      view_(new VtkOpenGlWidget(this)),
      panel_(new ExplorerPanel(this)),
      numbers_(new ExplorerNumbers(this)),
      jobs_(new JobRunner("geodex solver", this)),
      scene_(std::make_unique<ManifoldScene>(view_->renderer())),
      field_(std::make_unique<MetricFieldLayer>(view_->renderer())),
      paths_(std::make_unique<GeodesicLayer>(view_->renderer())),
      fan_(std::make_unique<ExponentialFanLayer>(view_->renderer())),
      distance_(std::make_unique<DistanceFieldLayer>(view_->renderer())),
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
  connect(jobs_, &JobRunner::snapshotReady, this,
          [this](const Eigen::MatrixXd& path) {
            // The iteration is in the panel's status line: the legend keeps its text.
            paths_->setPath(GeodesicLayer::Geodesic, path, labelFor(panel_->settings().metric.kind));
            view_->requestRender();
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

bool ExplorerPage::isIdle() const {
  return jobs_->isIdle() && animations_->isIdle();
}

void ExplorerPage::cancel() {
  jobs_->cancel();
  if (animations_->cancelOrbit()) emit statusMessage("Orbit cancelled; nothing written");
}

void ExplorerPage::closing() {
  jobs_->cancel();
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
      .arg(metricParametersText(s.metric))
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
  viewMenu->addAction("&Reset camera", this, [this] {
    scene_->resetCamera(panel_->settings().dimension() == 2);
    view_->requestRender();
  });
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
  const QString fanKey = fanKeyOf(settings) != fanKey_ ? fanKeyOf(settings) : QString();
  const QString distanceKey =
      distanceKeyOf(settings) != distanceKey_ ? distanceKeyOf(settings) : QString();
  auto job = [this, computation = computation_, settings, fanKey,
              distanceKey](const JobRunner::Context& context) {
    QElapsedTimer timer;
    timer.start();
    const SyntheticSceneOptions options = settings.sceneOptions();
    SyntheticScene& scene = reuseSyntheticScene(*computation, options);
    if (settings.showEllipsoids || settings.showScoreArrows) {
      const MetricField field =
          scene.field(options.metric, {settings.ellipsoidDensity, settings.sigma, settings.seed});
      context.deliver([this, field] {
        field_->setField(field);
        const ExplorerSettings s = panel_->settings();
        field_->setVisible(s.showEllipsoids, s.showScoreArrows);
        view_->requestRender();
      });
    }
    // The fan and the distance field listen only for cancellation: their progress would make
    // the solve's bar and energy plot jump.
    const SolverControl cancelOnly = context.control().cancelOnly();
    if (!fanKey.isEmpty()) {
      const ExponentialFanResult fan =
          scene.fan(options.metric, options.from, settings.fanOptions(), cancelOnly);
      context.deliver(
          [this, fan, fanKey, metric = QString::fromStdString(toString(settings.metric.kind))] {
            fan_->setFan(fan, metric);
            fanKey_ = fanKey;
            fan_->setVisible(panel_->settings().showFan);
            view_->requestRender();
          });
    }
    if (!distanceKey.isEmpty()) {
      const GeodesicDistanceFieldResult field = scene.distanceField(
          options.metric, options.from, settings.distanceFieldOptions(), cancelOnly);
      context.deliver([this, field, distanceKey] {
        distance_->setField(field);
        lastDistanceField_ = field;
        distanceKey_ = distanceKey;
        distance_->setVisible(panel_->settings().showDistanceField);
        // On a surface the field takes the grey surface's place (the two would z-fight).
        scene_->setSurfaceVisible(!(distance_->isVisible() && field.grid.nodes.rows() == 3));
        view_->requestRender();
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

// Redraws what the GUI thread can draw at once: manifold and samples (when they changed), the
// endpoints and straight paths; the geodesic and metric follow from the job.
void ExplorerPage::showScene(const ExplorerSettings& settings) {
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
  emit statusMessage(statusHint());
}

void ExplorerPage::updateStraightPaths(const ExplorerSettings& s) {
  const Eigen::VectorXd from = s.fromPoint(), to = s.toPoint();
  paths_->setEndpoints(s.from, s.to);
  paths_->setPath(GeodesicLayer::Straight, lerpPath(from, to, 2), "straight line");
  paths_->setPath(GeodesicLayer::Slerp, s.showSlerp ? slerpPath(from, to, 64) : Eigen::MatrixXd(),
                  "SLERP");
}

void ExplorerPage::onPointPicked(const Eigen::Vector3d& world) {
  if (samples_.cols() == 0) return;
  // Snap to the nearest sample point: endpoints then lie on the data.
  const int d = int(samples_.rows());
  // The click in the samples' dimension (a dynamic vector: GCC's bounds analysis misreads a
  // dynamic head() of a fixed 3-vector).
  const Eigen::VectorXd clicked = Eigen::VectorXd(world).head(d);
  Eigen::Index nearest = 0;
  (samples_.colwise() - clicked).colwise().squaredNorm().minCoeff(&nearest);
  const Eigen::Vector3d point = liftTo3D(samples_.col(nearest));
  ExplorerSettings s = panel_->settings();
  // With the distance field shown its source (the first endpoint) stays: a click reads off the
  // distance there and moves the second endpoint, whose geodesic length is comparable.
  if (lastDistanceField_ && distance_->isVisible()) {
    const double distance = lastDistanceField_->distanceNear(clicked);
    if ((s.fromPoint() - samples_.col(nearest)).norm() < 1e-12) return;
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
  drawResult(result);
  panel_->showResult(result);
  numbers_->showResult(result);
  if (animations_->recordingSolve()) {
    animations_->addSolveFrame();
    animations_->finishSolveRecording({});
  }
  emit resultShown();
}

void ExplorerPage::drawResult(const ExplorerResult& r) {
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
  ExplorerResult result;
  result.settings = settings;
  result.geodesic.path = *session.geodesic;
  result.geodesic.solver = "session";
  result.geodesic.stopReason = "loaded from " + QFileInfo(path).fileName().toStdString();
  result.straightPath = lerpPath(settings.fromPoint(), settings.toPoint(), settings.points);
  lastResult_ = result;
  drawResult(result);
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
