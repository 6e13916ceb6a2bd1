// How smooth the explorer stays: frames the VTK view renders per second and the longest stall
// of the GUI event loop, for the bare bridge (an empty scene in a window of the same size), the
// idle scene, the camera rotating, and a geodesic being solved with live path updates.
// Needs a display: `make bench` runs it under xvfb-run (Mesa's software OpenGL).
#include <vtkCamera.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLRenderer.h>
#include <vtkProp.h>
#include <vtkPropCollection.h>
#include <vtkRenderPass.h>
#include <vtkRenderer.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QSurfaceFormat>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

#include "core/util/omp_wait_policy.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/explorer_page.h"
#include "ui/main_window.h"

namespace {

struct Measurement {
  double framesPerSecond = 0.0;
  double longestStallMs = 0.0;
  double cpuMsPerFrame = 0.0;  // all threads of the process (Mesa draws on two of its own)
};

double processCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Runs the event loop for `seconds`; every 16 ms (a display frame) `tick` runs and a repaint is
// asked for, as a camera drag would. A stall is a tick that came late.
Measurement measure(geodex::VtkOpenGlWidget& view, double seconds,
                    const std::function<void()>& tick = {}) {
  QElapsedTimer clock, sinceTick;
  const int framesBefore = view.framesRendered();
  double longest = 0.0;
  QTimer ticker;
  ticker.setInterval(16);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    longest = std::max(longest, sinceTick.nsecsElapsed() / 1e6);
    sinceTick.restart();
    if (tick) tick();
    view.requestRender();
  });
  const double cpuBefore = processCpuMs();
  clock.start();
  sinceTick.start();
  ticker.start();
  while (clock.elapsed() < seconds * 1000) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  ticker.stop();
  const int frames = std::max(1, view.framesRendered() - framesBefore);
  return {frames / (clock.elapsed() / 1000.0), std::max(0.0, longest - 16.0),
          (processCpuMs() - cpuBefore) / frames};
}

void waitUntilIdle(geodex::ExplorerPage& page) {
  while (!page.isIdle() || page.view()->framesRendered() == 0)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

void print(const char* state, const Measurement& m, const char* note = "") {
  std::printf("%-40s %9.1f %12.1f %14.1f%s\n", state, m.framesPerSecond, m.longestStallMs,
              m.cpuMsPerFrame, note);
  std::fflush(stdout);
}

// The explorer's props in the order its layers add them to the renderer (ManifoldScene,
// MetricFieldLayer, GeodesicLayer's seven paths, endpoints and legend, ExponentialFanLayer,
// DistanceFieldLayer).
constexpr const char* kPropNames[] = {
    "manifold surface (translucent)", "samples (400 point sprites)", "metric ellipsoids",
    "score arrows", "colour bar", "geodesic tube", "straight-line tube", "SLERP tube",
    "extrapolation tube", "comparison tube A", "comparison tube B", "comparison tube C",
    "endpoint balls", "legend", "fan rays", "geodesic circles", "fan caption",
    "distance field surface", "distance iso-lines", "distance colour bar"};

// CPU per frame of the idle scene without each visible prop in turn, and under VTK's default
// render settings: where the time of a frame goes. (Frames that follow each other go without
// FXAA: every row here is such a frame.)
void printBreakdown(geodex::VtkOpenGlWidget& view, const Measurement& full) {
  std::vector<vtkProp*> props;
  vtkPropCollection* all = view.renderer()->GetViewProps();
  all->InitTraversal();
  while (vtkProp* prop = all->GetNextProp()) props.push_back(prop);
  std::printf("\nwhere a frame's CPU time goes (idle sphere scene, all threads): %.1f ms in all\n",
              full.cpuMsPerFrame);
  if (props.size() != std::size(kPropNames)) {
    std::printf("(the explorer has %zu props, the table names %zu: update kPropNames)\n",
                props.size(), std::size(kPropNames));
    return;
  }
  std::printf("%-48s %14s\n", "change", "CPU ms/frame");
  for (std::size_t k = 0; k < props.size(); ++k) {
    if (!props[k]->GetVisibility()) continue;
    props[k]->VisibilityOff();
    const Measurement without = measure(view, 2.0);
    props[k]->VisibilityOn();
    std::printf("without the %-36s %14.1f  (%+.1f)\n", kPropNames[k], without.cpuMsPerFrame,
                without.cpuMsPerFrame - full.cpuMsPerFrame);
  }
  vtkGenericOpenGLRenderWindow* window = view.renderWindow();
  vtkRenderer* renderer = view.renderer();
  vtkRenderPass* pass = renderer->GetPass();
  pass->Register(nullptr);
  renderer->SetPass(nullptr);
  window->SetMultiSamples(4);
  const Measurement defaults = measure(view, 2.0);
  std::printf("%-48s %14.1f  (%+.1f)\n", "VTK's defaults (4x MSAA, OIT translucency)",
              defaults.cpuMsPerFrame, defaults.cpuMsPerFrame - full.cpuMsPerFrame);
  window->SetMultiSamples(0);
  renderer->SetPass(pass);
  pass->UnRegister(nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  QSurfaceFormat::setDefaultFormat(geodex::VtkOpenGlWidget::defaultFormat());
  QApplication app(argc, argv);
  std::printf("explorer window 1100x750: sphere scene (400 samples, ellipsoids), then the paper's\n"
              "Adam solving the torus (quadrature score, 128 points)\n");
  std::printf("%-40s %9s %12s %14s\n", "state", "frames/s", "stall (ms)", "CPU ms/frame");

  Measurement bare;
  {
    // The bridge alone: the same view size in a window of the same size, nothing to draw.
    QWidget window;
    auto* layout = new QHBoxLayout(&window);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* view = new geodex::VtkOpenGlWidget(&window);
    auto* panel = new QWidget(&window);
    panel->setFixedWidth(340);
    layout->addWidget(view, 1);
    layout->addWidget(panel);
    view->renderer()->SetBackground(0.06, 0.08, 0.12);
    window.resize(1100, 750);
    window.show();
    while (view->framesRendered() == 0) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    bare = measure(*view, 3.0);
  }
  print("bare bridge (empty scene)", bare);

  geodex::MainWindow main;
  main.resize(1100, 750);
  main.show();
  geodex::ExplorerPage& page = *main.explorer();
  geodex::VtkOpenGlWidget& view = *page.view();
  waitUntilIdle(page);

  print("idle scene, repaint every 16 ms", measure(view, 3.0));
  vtkCamera* camera = view.renderer()->GetActiveCamera();
  print("interacting (camera turning 2°/frame)", measure(view, 3.0, [&] {
          camera->Azimuth(2.0);
          view.renderer()->ResetCameraClippingRange();
        }));
  geodex::ExplorerSettings bareSettings = page.settings();
  bareSettings.showEllipsoids = false;
  page.applySettings(bareSettings);
  waitUntilIdle(page);
  print("idle scene, ellipsoids off", measure(view, 3.0));

  // ~10–20 s of solving: the measurement ends inside the solve.
  geodex::ExplorerSettings solve = geodex::ExplorerSettings::defaultsFor(geodex::ManifoldKind::Torus);
  solve.solver = geodex::GeodesicSolverKind::Adam;
  solve.points = 128;
  page.applySettings(solve);
  const Measurement busy = measure(view, 5.0);
  print("solving + live path updates", busy, page.isIdle() ? " (the solve ended early)" : "");
  page.cancel();

  // The same sphere scene again, for the breakdown.
  page.applySettings(geodex::ExplorerSettings{});
  waitUntilIdle(page);
  printBreakdown(view, measure(view, 2.0));
  return 0;
}
