// How smooth the explorer stays while a geodesic is solved: frames the VTK view renders per
// second, and the longest stall of the GUI event loop, with and without a solve running.
// Needs a display: `make bench` runs it under xvfb-run (Mesa's software OpenGL).
#include <QApplication>
#include <QElapsedTimer>
#include <QSurfaceFormat>
#include <QTimer>
#include <cstdio>

#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/explorer_page.h"
#include "ui/main_window.h"

namespace {

struct Measurement {
  double framesPerSecond = 0.0;
  double longestStallMs = 0.0;
  int snapshots = 0;
};

// Runs the event loop for `seconds`, asking for a repaint every 16 ms (as a camera drag would).
Measurement measure(geodex::ExplorerPage& window, double seconds) {
  QElapsedTimer clock, sinceTick;
  const int framesBefore = window.view()->framesRendered();
  double longest = 0.0;
  QTimer ticker;
  ticker.setInterval(16);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    longest = std::max(longest, sinceTick.nsecsElapsed() / 1e6);
    sinceTick.restart();
    window.view()->requestRender();
  });
  clock.start();
  sinceTick.start();
  ticker.start();
  while (clock.elapsed() < seconds * 1000) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  ticker.stop();
  return {(window.view()->framesRendered() - framesBefore) / (clock.elapsed() / 1000.0),
          longest - 16.0, 0};
}

}  // namespace

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(geodex::VtkOpenGlWidget::defaultFormat());
  QApplication app(argc, argv);
  geodex::MainWindow main;
  main.resize(1100, 750);
  main.show();
  geodex::ExplorerPage& window = *main.explorer();
  while (!window.isIdle() || window.view()->framesRendered() == 0)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);

  const Measurement idle = measure(window, 3.0);
  geodex::ExplorerSettings bare = window.settings();
  bare.showEllipsoids = false;
  window.applySettings(bare);
  while (!window.isIdle()) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  const Measurement idleBare = measure(window, 3.0);
  // The paper's Adam on the torus (quadrature score), 128 points: ~10–20 s of solving.
  geodex::ExplorerSettings solve = geodex::ExplorerSettings::defaultsFor(geodex::ManifoldKind::Torus);
  solve.solver = geodex::GeodesicSolverKind::Adam;
  solve.points = 128;
  window.applySettings(solve);
  const Measurement busy = measure(window, 5.0);
  const bool stillSolving = !window.isIdle();
  std::printf("explorer view, 1100x750 window, sphere scene then torus Adam solve (128 points)\n");
  std::printf("%-34s %10s %22s\n", "state", "frames/s", "longest GUI stall (ms)");
  std::printf("%-34s %10.1f %22.1f\n", "idle, repaint every 16 ms", idle.framesPerSecond,
              idle.longestStallMs);
  std::printf("%-34s %10.1f %22.1f\n", "idle, ellipsoids off", idleBare.framesPerSecond,
              idleBare.longestStallMs);
  std::printf("%-34s %10.1f %22.1f%s\n", "solving + live path updates", busy.framesPerSecond,
              busy.longestStallMs, stillSolving ? "" : " (solve ended early)");
  window.jobs();  // keep the window alive until here
  return 0;
}
