#include "ui/main_window.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkIntArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkStringArray.h>
#include <vtkFieldData.h>
#include <vtkXMLPolyDataWriter.h>

#include <QCloseEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <algorithm>
#include <sstream>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/interpolation.h"
#include "core/io/result_json.h"
#include "core/util/atomic_file.h"
#include "core/util/device.h"
#include "core/util/errors.h"
#include "ui/explorer/explorer_panel.h"
#include "ui/common/geodesic_layer.h"
#include "ui/explorer/manifold_scene.h"
#include "ui/explorer/metric_field_layer.h"
#include "ui/common/png_file.h"
#include "ui/common/run_controls.h"
#include "ui/common/save_path_dialog.h"
#include "ui/images/images_page.h"
#include "ui/mnist/mnist_page.h"
#include "ui/explorer/solve_controller.h"
#include "ui/explorer/tour.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/common/point_conversions.h"

namespace geodex {

namespace {

// The paths of a result with their names, in drawing order.
std::vector<std::pair<QString, Eigen::MatrixXd>> namedPaths(const GeodesicJobResult& r) {
  std::vector<std::pair<QString, Eigen::MatrixXd>> out{{"geodesic", r.geodesic.path},
                                                       {"straight", r.straightPath}};
  if (r.slerpPath.cols() > 0) out.emplace_back("slerp", r.slerpPath);
  if (r.extrapolation.cols() > 0) out.emplace_back("extrapolation", r.extrapolation);
  for (const ComparisonPath& c : r.comparisons) out.emplace_back(c.metric + "_geodesic", c.path);
  return out;
}

QString labelFor(const QString& metric) {
  if (metric == "score") return "score-metric geodesic";
  if (metric == "conformal") return "conformal-metric geodesic";
  return "Euclidean geodesic";
}

// Writes `content` completely or not at all (core's atomic write), as a user-facing error.
QString writeAtomically(const QString& path, const std::string& content) {
  try {
    writeFileAtomically(path.toStdString(), content);
    return {};
  } catch (const std::exception& error) {
    return QString::fromUtf8(error.what());
  }
}

}  // namespace

MainWindow::MainWindow(bool rememberSettings, QWidget* parent)
    : QMainWindow(parent),
      rememberSettings_(rememberSettings),
      view_(new VtkOpenGlWidget(this)),
      panel_(new ExplorerPanel(this)),
      tabs_(new QTabWidget(this)),
      mnistPage_(new MnistPage(this)),
      imagesPage_(new ImagesPage(this)),
      controller_(new SolveController(this)),
      scene_(std::make_unique<ManifoldScene>(view_->renderer())),
      field_(std::make_unique<MetricFieldLayer>(view_->renderer())),
      paths_(std::make_unique<GeodesicLayer>(view_->renderer())),
      deviceName_(QString::fromStdString(resolvedDeviceName(DeviceChoice::Auto))) {
  setWindowTitle("geodex — score-metric geodesics");
  // Modes as tabs: the manifold explorer (VTK view beside its panel) and Rotated MNIST.
  auto* explorer = new QSplitter(Qt::Horizontal, this);
  explorer->addWidget(view_);
  explorer->addWidget(RunControls::scrollable(panel_, 0, explorer));
  explorer->setStretchFactor(0, 1);
  explorer->setCollapsible(0, false);
  tabs_->addTab(explorer, "Manifolds");
  tabs_->addTab(mnistPage_, "Rotated MNIST");
  tabs_->addTab(imagesPage_, "Images (Stable Diffusion)");
  tabs_->setDocumentMode(true);
  setCentralWidget(tabs_);
  connect(tabs_, &QTabWidget::currentChanged, this, [this] {
    if (tabs_->currentWidget() == mnistPage_)
      statusBar()->showMessage("Rotated MNIST: pick a digit and two angles (or an end digit); "
                               "score: the digit's exact rotations or geodex's U-Net.");
    else if (tabs_->currentWidget() == imagesPage_)
      statusBar()->showMessage("Images: drop two photos and open a Stable Diffusion folder "
                               "exported with tools/export_sd.py.");
    else
      showStatus(panel_->settings());
  });
  buildMenus();

  connect(panel_, &ExplorerPanel::settingsEdited, this, &MainWindow::onSettingsEdited);
  connect(panel_, &ExplorerPanel::solveRequested, this,
          [this] { controller_->solveNow(panel_->settings()); });
  connect(panel_, &ExplorerPanel::cancelRequested, controller_, &SolveController::cancel);
  connect(view_, &VtkOpenGlWidget::pointPicked, this, &MainWindow::onPointPicked);

  connect(controller_, &SolveController::started, this, [this] {
    panel_->setBusy(true);
    panel_->showMessage("Solving…");
  });
  connect(controller_, &SolveController::progressed, panel_, &ExplorerPanel::setProgress);
  connect(controller_, &SolveController::fieldReady, this, [this](const MetricField& field) {
    field_->setField(field);
    const ExplorerSettings s = panel_->settings();
    field_->setVisible(s.showEllipsoids, s.showScoreArrows);
    view_->requestRender();
  });
  connect(controller_, &SolveController::snapshotReady, this,
          [this](const Eigen::MatrixXd& path, int iteration, double) {
            paths_->setPath(GeodesicLayer::Geodesic, path,
                            QString("geodesic (iteration %1)").arg(iteration));
            view_->requestRender();
          });
  connect(controller_, &SolveController::finished, this, &MainWindow::onResult);
  connect(controller_, &SolveController::failed, this, [this](const QString& message) {
    panel_->setBusy(false);
    panel_->showMessage("Failed: " + message);
    statusBar()->showMessage("The solve failed: " + message);
  });
  connect(controller_, &SolveController::cancelled, this, [this] {
    panel_->setBusy(false);
    panel_->showMessage("Cancelled.");
  });

  ExplorerSettings start;
  if (rememberSettings_) {
    QSettings store;
    start = ExplorerSettings::load(store);
  }
  applySettings(start);
}

// The layers (members) go before the view (a child widget, deleted by the QWidget base); the
// controller (a child QObject) joins its thread when QObject deletes it.
MainWindow::~MainWindow() = default;

ExplorerSettings MainWindow::settings() const {
  return panel_->settings();
}

bool MainWindow::isIdle() const {
  return !controller_->busy();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("&Open session…", QKeySequence::Open, this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, "Open session", {}, "geodex session (*.json)");
    if (path.isEmpty()) return;
    if (const QString error = loadSession(path); !error.isEmpty())
      reportError("Cannot open session", error);
  });
  file->addAction("&Save session…", QKeySequence::Save, this, [this] {
    exportWith("Save session", "geodex session (*.json)", "json", &MainWindow::saveSession);
  });
  file->addAction("Open Stable Diffusion &model folder…", this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, "Open a model folder");
    if (folder.isEmpty()) return;
    tabs_->setCurrentWidget(imagesPage_);
    imagesPage_->openModel(folder);
  });
  file->addSeparator();
  file->addAction("Export view as &PNG…", this, [this] {
    exportWith("Export view", "PNG image (*.png)", "png", &MainWindow::exportScreenshot);
  });
  file->addAction("Export paths as &CSV…", this, [this] {
    exportWith("Export paths", "CSV (*.csv)", "csv", &MainWindow::exportPathCsv);
  });
  file->addAction("Export paths as &JSON…", this, [this] {
    exportWith("Export paths", "JSON (*.json)", "json", &MainWindow::exportPathJson);
  });
  file->addAction("Export paths as &VTP (ParaView)…", this, [this] {
    exportWith("Export paths", "VTK polydata (*.vtp)", "vtp", &MainWindow::exportPathVtp);
  });
  file->addSeparator();
  file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

  QMenu* view = menuBar()->addMenu("&View");
  view->addAction("&Reset camera", this, [this] {
    scene_->resetCamera(panel_->settings().dimension() == 2);
    view_->requestRender();
  });

  QMenu* tour = menuBar()->addMenu("&Tour");
  const std::vector<TourScene> scenes = tourScenes();
  for (int k = 0; k < int(scenes.size()); ++k)
    tour->addAction(scenes[k].title, this, [this, k] { showTourScene(k); });
}

bool MainWindow::showTourScene(int index) {
  const std::vector<TourScene> scenes = tourScenes();
  if (index < 0 || index >= int(scenes.size())) return false;
  applySettings(scenes[index].settings);
  statusBar()->showMessage(scenes[index].caption);
  return true;
}

void MainWindow::applySettings(const ExplorerSettings& requested, bool debounced) {
  ExplorerSettings settings;
  try {
    settings = requested.validated();
  } catch (const GeodexError& error) {
    reportError("Invalid parameters", QString::fromUtf8(error.what()));
    return;
  }
  panel_->setSettings(settings);
  showScene(settings);
  if (debounced)
    controller_->requestSolve(settings);
  else
    controller_->solveNow(settings);
}

void MainWindow::setEndpoints(const Eigen::Vector3d& from, const Eigen::Vector3d& to) {
  ExplorerSettings s = panel_->settings();
  s.from = from;
  s.to = to;
  applySettings(s);
}

void MainWindow::onSettingsEdited() {
  const ExplorerSettings settings = panel_->settings();
  try {
    settings.validated();
  } catch (const GeodexError& error) {
    panel_->showMessage(QString::fromUtf8(error.what()));
    return;
  }
  showScene(settings);
  controller_->requestSolve(settings);
  if (rememberSettings_) {
    QSettings store;
    settings.save(store);
  }
}

// Redraws what the GUI thread can draw at once: manifold and samples (when they changed), the
// endpoints and straight paths; the geodesic and metric follow from the worker.
void MainWindow::showScene(const ExplorerSettings& settings) {
  const QString key =
      QString("%1/%2/%3").arg(settings.manifold).arg(settings.samples).arg(settings.seed);
  const bool twoD = settings.dimension() == 2;
  if (key != sceneKey_) {
    const auto manifold = SyntheticManifold::create(settings.manifold.toStdString());
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
  paths_->setPath(GeodesicLayer::Geodesic, {});
  for (auto which : {GeodesicLayer::Extrapolation, GeodesicLayer::CompareA, GeodesicLayer::CompareB})
    paths_->setPath(which, {});
  updateStraightPaths(settings);
  view_->requestRender();
  showStatus(settings);
}

void MainWindow::showStatus(const ExplorerSettings& settings) {
  statusBar()->showMessage(
      QString("%1 in %2-D · %3 score, σ = %4 · %5 metric%6 · LibTorch device: %7")
          .arg(settings.manifold)
          .arg(settings.dimension())
          .arg(settings.scoreSource)
          .arg(settings.sigma)
          .arg(settings.metric)
          .arg(settings.metric == "score" ? QString(", λ = %1").arg(settings.lambda) : QString())
          .arg(deviceName_));
}

void MainWindow::updateStraightPaths(const ExplorerSettings& s) {
  const Eigen::VectorXd from = s.fromPoint(), to = s.toPoint();
  paths_->setEndpoints(s.from, s.to);
  paths_->setPath(GeodesicLayer::Straight, lerpPath(from, to, 2), "straight line");
  paths_->setPath(GeodesicLayer::Slerp, s.showSlerp ? slerpPath(from, to, 64) : Eigen::MatrixXd(),
                  "SLERP");
}

void MainWindow::onPointPicked(const Eigen::Vector3d& world) {
  if (samples_.cols() == 0) return;
  // Snap to the nearest sample point: endpoints then lie on the data.
  const int d = int(samples_.rows());
  Eigen::Index nearest = 0;
  (samples_.colwise() - world.head(d)).colwise().squaredNorm().minCoeff(&nearest);
  const Eigen::Vector3d point = liftTo3D(samples_.col(nearest));
  ExplorerSettings s = panel_->settings();
  (pickSecond_ ? s.to : s.from) = point;
  statusBar()->showMessage(QString("%1 endpoint set to the sample at (%2)")
                               .arg(pickSecond_ ? "Second" : "First")
                               .arg(QString("%1, %2, %3").arg(point.x()).arg(point.y()).arg(point.z())));
  pickSecond_ = !pickSecond_;
  if ((s.fromPoint() - s.toPoint()).norm() < 1e-12) return;  // same point twice
  panel_->setSettings(s);
  onSettingsEdited();
}

void MainWindow::onResult(const GeodesicJobResult& result) {
  lastResult_ = result;
  drawResult(result);
  panel_->setBusy(false);
  panel_->showResult(result);
  emit resultShown();
}

void MainWindow::drawResult(const GeodesicJobResult& r) {
  const QString main = labelFor(r.settings.metric);
  paths_->setPath(GeodesicLayer::Geodesic, r.geodesic.path, main);
  paths_->setPath(GeodesicLayer::Straight, r.straightPath, "straight line");
  paths_->setPath(GeodesicLayer::Slerp, r.slerpPath, "SLERP");
  paths_->setPath(GeodesicLayer::Extrapolation, r.extrapolation, "extrapolation (shooting)");
  const GeodesicLayer::Path comparisonSlots[2] = {GeodesicLayer::CompareA, GeodesicLayer::CompareB};
  for (int k = 0; k < 2; ++k) {
    if (k < int(r.comparisons.size())) {
      const ComparisonPath& c = r.comparisons[k];
      // The Euclidean geodesic is the straight line, already drawn in red.
      paths_->setPath(comparisonSlots[k], c.metric == "euclidean" ? Eigen::MatrixXd() : c.path,
                      labelFor(c.metric));
    } else {
      paths_->setPath(comparisonSlots[k], {});
    }
  }
  paths_->setEndpoints(r.settings.from, r.settings.to);
  view_->requestRender();
}

void MainWindow::reportError(const QString& title, const QString& message) {
  statusBar()->showMessage(title + ": " + message);
  // Window-modal and non-blocking: the solver and the view keep running behind it.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::exportWith(const QString& title, const QString& filter, const QString& suffix,
                            QString (MainWindow::*action)(const QString&)) {
  const QString path = askSavePath(this, title, filter, suffix);
  if (path.isEmpty()) return;
  if (const QString error = (this->*action)(path); !error.isEmpty())
    reportError(title + " failed", error);
  else
    statusBar()->showMessage("Wrote " + path);
}

QString MainWindow::exportScreenshot(const QString& path) {
  const QImage image = view_->grabView();
  return writePngFile(image, path);
}

QString MainWindow::exportPathCsv(const QString& path) {
  if (!lastResult_) return "there is no path yet: wait for a solve to finish";
  std::ostringstream csv;
  csv.precision(17);
  csv << "path,index,x,y,z\n";
  for (const auto& [name, points] : namedPaths(*lastResult_))
    for (Eigen::Index j = 0; j < points.cols(); ++j) {
      const Eigen::Vector3d p = liftTo3D(points.col(j));
      csv << name.toStdString() << ',' << j << ',' << p.x() << ',' << p.y() << ',' << p.z() << '\n';
    }
  return writeAtomically(path, csv.str());
}

QString MainWindow::exportPathJson(const QString& path) {
  if (!lastResult_) return "there is no path yet: wait for a solve to finish";
  const GeodesicJobResult& r = *lastResult_;
  nlohmann::json out = toJson(r.geodesic);
  out["settings"] =
      nlohmann::json::parse(QJsonDocument(r.settings.toJson()).toJson().toStdString());
  out["straight_path"] = pathToJson(r.straightPath);
  out["straight_length"] = r.straightLength;
  out["straight_energy"] = r.straightEnergy;
  if (r.slerpPath.cols() > 0) {
    out["slerp_path"] = pathToJson(r.slerpPath);
    out["slerp_length"] = r.slerpLength;
  }
  if (r.extrapolation.cols() > 0) {
    out["extrapolation_path"] = pathToJson(r.extrapolation);
    out["extrapolation_length"] = r.extrapolationLength;
  }
  for (const ComparisonPath& c : r.comparisons)
    out["comparisons"][c.metric.toStdString()] = {{"path", pathToJson(c.path)},
                                                  {"length", c.length},
                                                  {"length_under_main_metric", c.lengthUnderMain}};
  return writeAtomically(path, out.dump(2) + "\n");
}

QString MainWindow::exportPathVtp(const QString& path) {
  if (!lastResult_) return "there is no path yet: wait for a solve to finish";
  // One polyline per path; the cell array "path" names it (ParaView colours by it).
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkStringArray> names;
  names->SetName("path");
  vtkNew<vtkIntArray> ids;
  ids->SetName("path_id");
  int id = 0;
  for (const auto& [name, columns] : namedPaths(*lastResult_)) {
    lines->InsertNextCell(columns.cols());
    for (Eigen::Index j = 0; j < columns.cols(); ++j) {
      const Eigen::Vector3d p = liftTo3D(columns.col(j));
      lines->InsertCellPoint(points->InsertNextPoint(p.data()));
    }
    names->InsertNextValue(name.toStdString());
    ids->InsertNextValue(id++);
  }
  vtkNew<vtkPolyData> data;
  data->SetPoints(points);
  data->SetLines(lines);
  data->GetCellData()->AddArray(names);
  data->GetCellData()->AddArray(ids);
  vtkNew<vtkXMLPolyDataWriter> writer;
  writer->SetInputData(data);
  writer->SetDataModeToAscii();
  writer->WriteToOutputStringOn();
  if (!writer->Write()) return "VTK could not encode the paths";
  return writeAtomically(path, writer->GetOutputString());
}

QString MainWindow::saveSession(const QString& path) {
  QJsonObject session{{"format", "geodex-session"},
                      {"version", 1},
                      {"settings", panel_->settings().toJson()}};
  if (lastResult_ && lastResult_->settings == panel_->settings()) {
    QJsonArray rows;
    const Eigen::MatrixXd& p = lastResult_->geodesic.path;
    for (Eigen::Index j = 0; j < p.cols(); ++j) {
      QJsonArray row;
      for (Eigen::Index i = 0; i < p.rows(); ++i) row.append(p(i, j));
      rows.append(row);
    }
    session["path"] = rows;
  }
  return writeAtomically(path, QJsonDocument(session).toJson().toStdString());
}

QString MainWindow::loadSession(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return QString("cannot read '%1': %2").arg(path, file.errorString());
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
  if (!document.isObject())
    return QString("'%1' is not a geodex session: %2").arg(path, parseError.errorString());
  const QJsonObject session = document.object();
  if (session["format"].toString() != "geodex-session")
    return QString("'%1' is not a geodex session (no \"format\": \"geodex-session\")").arg(path);
  ExplorerSettings settings;
  try {
    settings = ExplorerSettings::fromJson(session["settings"].toObject());
  } catch (const GeodexError& error) {
    return QString("'%1': %2").arg(path, QString::fromUtf8(error.what()));
  }
  // The stored path is shown as it was saved; without one the session is solved again.
  const QJsonArray rows = session["path"].toArray();
  const int d = settings.dimension();
  Eigen::MatrixXd stored(d, rows.size());
  bool valid = rows.size() == settings.points;
  for (int j = 0; valid && j < rows.size(); ++j) {
    const QJsonArray row = rows[j].toArray();
    valid = row.size() == d;
    for (int i = 0; valid && i < d; ++i) {
      valid = row[i].isDouble() && std::isfinite(row[i].toDouble());
      stored(i, j) = row[i].toDouble();
    }
  }
  if (!valid) {
    applySettings(settings);
    return {};
  }
  controller_->discard();
  panel_->setBusy(false);
  panel_->setSettings(settings);
  showScene(settings);
  GeodesicJobResult result;
  result.settings = settings;
  result.geodesic.path = stored;
  result.geodesic.solver = "session";
  result.geodesic.stopReason = "loaded from " + QFileInfo(path).fileName().toStdString();
  result.straightPath = lerpPath(settings.fromPoint(), settings.toPoint(), settings.points);
  lastResult_ = result;
  drawResult(result);
  panel_->showMessage("Loaded session " + path + " (press Solve to recompute)");
  return {};
}

void MainWindow::closeEvent(QCloseEvent* event) {
  controller_->cancel();
  if (rememberSettings_) {
    QSettings store;
    panel_->settings().save(store);
  }
  event->accept();
}

}  // namespace geodex
