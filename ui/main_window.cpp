#include "ui/main_window.h"

#include <QStatusBar>

#include "core/data/synthetic_manifold.h"
#include "core/util/device.h"
#include "ui/manifold_scene.h"
#include "ui/vtk_open_gl_widget.h"

namespace geodex {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      view_(new VtkOpenGlWidget(this)),
      scene_(std::make_unique<ManifoldScene>(view_->renderer())),
      deviceName_(QString::fromStdString(resolvedDeviceName(DeviceChoice::Auto))) {
  setWindowTitle("geodex");
  setCentralWidget(view_);
  showManifold(kDefaultManifold, kDefaultSampleCount, kDefaultSeed);
}

// scene_ (a member) goes before the view (a child widget, deleted by the QWidget base).
MainWindow::~MainWindow() = default;

void MainWindow::showManifold(const std::string& name, int sampleCount, std::uint64_t seed) {
  const auto manifold = SyntheticManifold::create(name);
  scene_->setManifold(*manifold);
  scene_->setSamples(manifold->sample(sampleCount, seed));
  scene_->resetCamera();
  view_->requestRender();
  statusBar()->showMessage(
      QString("Showing the %1 manifold in %2-D: %3 samples (seed %4) · LibTorch device: %5")
          .arg(QString::fromStdString(manifold->name()))
          .arg(manifold->ambientDimension())
          .arg(sampleCount)
          .arg(seed)
          .arg(deviceName_));
}

}  // namespace geodex
