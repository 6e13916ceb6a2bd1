// geodex: the desktop application. `geodex --screenshot out.png` renders the window, saves it
// and exits (used by tests, docs and `make run` without a display).
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QSurfaceFormat>
#include <QTimer>
#include <QWindow>
#include <cstdio>

#include "ui/main_window.h"
#include "ui/vtk_open_gl_widget.h"

namespace {

// Renders until the VTK view has painted, then grabs the whole window to `path` (complete or
// not at all: QSaveFile writes a temporary file and renames it).
int saveScreenshot(geodex::MainWindow& window, const QString& path) {
  QElapsedTimer timer;
  timer.start();
  while (!window.windowHandle() || !window.windowHandle()->isExposed()) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (timer.elapsed() > 10000) {
      std::fprintf(stderr, "geodex: error: the window was never shown (no display?)\n");
      return 1;
    }
  }
  for (int i = 0; i < 5; ++i) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  const QImage image = window.grab().toImage();

  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
    std::fprintf(stderr, "geodex: error: cannot write screenshot '%s': %s\n", qPrintable(path),
                 qPrintable(file.errorString()));
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // VTK needs an OpenGL 3.2 core context: the default format must be set before QApplication.
  QSurfaceFormat::setDefaultFormat(geodex::VtkOpenGlWidget::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setApplicationName("geodex");
  QApplication::setOrganizationName("geodex");

  QCommandLineParser parser;
  parser.setApplicationDescription("geodex: geodesics under the score-based Riemannian metric");
  parser.addHelpOption();
  const QCommandLineOption screenshot("screenshot", "Render the window, save it as PNG, exit.", "file");
  const QCommandLineOption size("size", "Window size in pixels (default 1100x750).", "WxH", "1100x750");
  parser.addOption(screenshot);
  parser.addOption(size);
  parser.process(app);

  const QStringList dimensions = parser.value(size).split('x');
  bool okW = false, okH = false;
  const int width = dimensions.value(0).toInt(&okW), height = dimensions.value(1).toInt(&okH);
  if (dimensions.size() != 2 || !okW || !okH || width < 200 || height < 150 || width > 8000 || height > 8000) {
    std::fprintf(stderr, "geodex: error: --size must look like 1100x750 (200x150 to 8000x8000), got '%s'\n",
                 qPrintable(parser.value(size)));
    return 2;
  }

  geodex::MainWindow window;
  window.resize(width, height);
  window.show();
  if (parser.isSet(screenshot)) return saveScreenshot(window, parser.value(screenshot));
  return app.exec();
}
