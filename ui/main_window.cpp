#include "ui/main_window.h"

#include <QDockWidget>
#include <QLabel>
#include <QStatusBar>
#include <vtkCamera.h>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/device.h"
#include "core/util/errors.h"
#include "ui/manifold_scene.h"
#include "ui/vtk_open_gl_widget.h"

namespace geodex {

namespace {
QString rgbHex(const unsigned char rgb[3]) {
  return QString("#%1%2%3").arg(rgb[0], 2, 16, QChar('0')).arg(rgb[1], 2, 16, QChar('0')).arg(rgb[2], 2, 16, QChar('0'));
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), view_(new VtkOpenGlWidget(this)), panel_(new QLabel(this)) {
  setWindowTitle("geodex — geodesics of the score metric g = I + λ s sᵀ");
  setCentralWidget(view_);
  scene_ = std::make_unique<ManifoldScene>(view_->renderer());

  auto* dock = new QDockWidget("Geodesic", this);
  dock->setFeatures(QDockWidget::NoDockWidgetFeatures);
  panel_->setTextFormat(Qt::RichText);
  panel_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  panel_->setMargin(10);
  panel_->setMinimumWidth(260);
  dock->setWidget(panel_);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  showDefaultScene();
}

MainWindow::~MainWindow() = default;

QString MainWindow::summary() const { return panel_->text(); }

void MainWindow::showDefaultScene() {
  // The embedded default: unit sphere, analytic score at σ = 0.1, the paper's λ = 1000.
  const auto sphere = SyntheticManifold::create(ManifoldKind::Sphere);
  scene_->setManifold(*sphere, sphere->sample(400, 7));
  const Eigen::Vector3d a(1, 0, 0), b(-0.3, 0.2, 0.93);
  try {
    SyntheticScoreOptions scoreOptions;
    const auto metric = makeMetric({}, makeSyntheticScore(*sphere, scoreOptions), 3);
    GeodesicOptions options;
    options.points = 64;
    const GeodesicResult geodesic = computeGeodesic(*metric, a, b.normalized(), options);
    const Eigen::MatrixXd straight = lerpPath(a, b.normalized(), 64);
    const double straightLength = PathEnergy(*metric).evaluate(straight, false).length;
    scene_->setGeodesic(geodesic.path);
    scene_->setStraightLine(straight);
    panel_->setText(
        QString("<b>Sphere</b>, analytic score, σ = 0.1, λ = 1000<br><br>"
                "<span style='color:%1'>■</span> geodesic: length %3<br>"
                "<span style='color:%2'>■</span> straight line: length %4<br><br>"
                "%5 Gauss–Newton iterations<br>%6 score evaluations<br>%7 ms<br><br>"
                "LibTorch device: %8")
            .arg(rgbHex(ManifoldScene::kGeodesicColour), rgbHex(ManifoldScene::kStraightColour))
            .arg(geodesic.length, 0, 'f', 4)
            .arg(straightLength, 0, 'f', 1)
            .arg(geodesic.iterations)
            .arg(geodesic.scoreEvaluations)
            .arg(geodesic.seconds * 1000, 0, 'f', 2)
            .arg(QString::fromStdString(resolvedDeviceName(DeviceChoice::Auto))));
    statusBar()->showMessage(
        QString("Geodesic under I + λ s sᵀ: %1 vs straight line %2 (metric lengths)")
            .arg(geodesic.length, 0, 'f', 4)
            .arg(straightLength, 0, 'f', 1));
  } catch (const GeodexError& e) {
    statusBar()->showMessage(QString("Could not compute the default geodesic: %1").arg(e.what()));
  }
  vtkCamera* camera = view_->renderer()->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(3.0, -2.2, 1.6);
  camera->SetViewUp(0, 0, 1);
  scene_->resetCamera();
  camera->Zoom(1.15);
}

}  // namespace geodex
