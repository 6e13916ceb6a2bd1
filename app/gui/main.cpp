// geodex: the desktop application. `geodex --screenshot out.png` renders the window, saves it
// and exits (for tests, docs, and machines without a screen under xvfb-run).
#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QSurfaceFormat>
#include <QTabWidget>
#include <QWindow>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/omp_wait_policy.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/png_file.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/explorer_page.h"
#include "ui/images/images_page.h"
#include "ui/main_window.h"
#include "ui/mnist/mnist_page.h"

namespace {

// Generous: the Rotated MNIST mode with the U-Net score takes ~1 min on 2 CPU cores.
constexpr int kWaitMilliseconds = 180000;

void printError(const QString& message) {
  std::fprintf(stderr, "geodex: error: %s\n", qPrintable(message));
}

// Waits until the window is exposed and VTK has drawn a frame into the view, then grabs the
// whole window into `path` — complete or not at all (writePngFile).
int saveScreenshot(geodex::MainWindow& window, const QString& path) {
  const QDeadlineTimer deadline(kWaitMilliseconds);
  const auto waitFor = [&](auto condition) {
    while (!condition() && !deadline.hasExpired())
      QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return condition();
  };
  if (!waitFor([&] { return window.windowHandle() && window.windowHandle()->isExposed(); })) {
    printError("the window was never shown (is there a display? try xvfb-run)");
    return 1;
  }
  // The 3D view of the mode shown (the Images mode has none).
  QWidget* mode = window.modes()->currentWidget();
  geodex::VtkOpenGlWidget* view = mode == window.mnistPage() ? window.mnistPage()->embeddingView()
                                  : mode == window.imagesPage() ? nullptr
                                                                : window.explorer()->view();
  if (view && !waitFor([&] { return view->framesRendered() > 0; })) {
    printError("the 3D view never rendered (no OpenGL 3.2 context?)");
    return 1;
  }
  // The default scene's first geodesic: the screenshot shows the finished path.
  if (!waitFor([&] { return window.isIdle(); })) {
    printError("the solver did not finish in time");
    return 1;
  }
  for (int i = 0; i < 5; ++i) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  // QWidget::grab repaints the OpenGL view (paintGL) into the image along with the widgets.
  const QImage image = window.grab().toImage();

  if (const QString error = geodex::writePngFile(image, path); !error.isEmpty()) {
    printError("cannot write screenshot: " + error);
    return 1;
  }
  return 0;
}

const char* const kHowToRun =
    "run geodex on a desktop, or without one under a virtual X server: xvfb-run -a geodex "
    "--screenshot out.png";

// The Qt platform the QApplication would start (-platform, else QT_QPA_PLATFORM; empty: Qt's
// default), cut to the plugin's name ("offscreen:size=..." → "offscreen").
QString requestedPlatform(const QStringList& arguments) {
  QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
  for (int i = 1; i + 1 < arguments.size(); ++i)
    if (arguments[i] == "-platform" || arguments[i] == "--platform") platform = arguments[i + 1];
  return platform.section(';', 0, 0).section(':', 0, 0).trimmed();
}

// Why the window cannot start here, in one line; empty when it can. Qt's platform plugin would
// otherwise abort the process with its own lines before geodex could say anything.
QString displayProblem(const QStringList& arguments) {
  const QString platform = requestedPlatform(arguments);
  const bool x11 = !qEnvironmentVariable("DISPLAY").isEmpty();
  const bool wayland = !qEnvironmentVariable("WAYLAND_DISPLAY").isEmpty();
  // The offscreen and minimal platforms have no OpenGL here, which the 3D views need: VTK
  // crashes on them (checked with Qt 6.4 and VTK 9.1), with or without --screenshot.
  if (platform == "offscreen" || platform == "minimal")
    return QString("the Qt platform '%1' gives no OpenGL context, which geodex's 3D views need: %2")
        .arg(platform, kHowToRun);
  if ((platform.isEmpty() && !x11 && !wayland) || (platform == "xcb" && !x11))
    return QString("no display to open the window on (DISPLAY is not set): %1").arg(kHowToRun);
  if (platform.startsWith("wayland") && !wayland)
    return QString("no Wayland display (WAYLAND_DISPLAY is not set): %1").arg(kHowToRun);
  return {};
}

// While the QApplication starts: Qt's warnings wait, and a fatal platform error (a DISPLAY that
// names no reachable server, a missing plugin) becomes geodex's one line instead of an abort.
QStringList startupMessages;
QtMessageHandler previousHandler = nullptr;

void onStartupMessage(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type != QtFatalMsg) {
    startupMessages << message;
    return;
  }
  // Qt's warning before the fatal line says what went wrong ("could not connect to display
  // :97"); its fatal line only advises reinstalling.
  const QString reason = startupMessages.isEmpty() ? message : startupMessages.first();
  printError(QString("the window system did not start (%1): %2")
                 .arg(reason.section('\n', 0, 0).trimmed(), kHowToRun));
  std::_Exit(2);
}

void addOptions(QCommandLineParser& parser) {
  parser.setApplicationDescription("geodex: geodesics under the score-based Riemannian metric");
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption screenshot("screenshot", "Render the window, save it as PNG, exit.",
                                      "file");
  const QCommandLineOption size("size", "Window size in pixels (default 1100x750).", "WxH",
                                "1100x750");
  const QCommandLineOption tour("tour", "Start on scene N of the Tour menu (1 = the default).",
                                "N");
  // Not --session: QGuiApplication takes -session/--session for X11 session management.
  const QCommandLineOption session("open", "Open a session file saved by File > Save session.",
                                   "file");
  const QCommandLineOption mode("mode", "Start in this mode: manifolds (default), mnist or images.",
                                "name", "manifolds");
  parser.addOption(mode);
  const QCommandLineOption mnistScore(
      "mnist-score", "Rotated MNIST mode: exact (the digit's rotations) or model (the shipped U-Net).",
      "score", "exact");
  const QCommandLineOption endDigit(
      "end-digit", "Rotated MNIST mode: end at this other digit of the grid (two digits).", "index");
  parser.addOption(mnistScore);
  parser.addOption(endDigit);
  const QCommandLineOption model("model", "Images mode: open this Stable Diffusion 1.x/2.x model "
                                          "(a .safetensors checkpoint or a diffusers folder).",
                                 "path");
  const QCommandLineOption imageA("image-a", "Images mode: the first image.", "file");
  const QCommandLineOption imageB("image-b", "Images mode: the second image (with --model and "
                                             "--image-a, the interpolation starts at once).", "file");
  parser.addOption(model);
  parser.addOption(imageA);
  parser.addOption(imageB);
  parser.addOption(screenshot);
  parser.addOption(size);
  parser.addOption(tour);
  parser.addOption(session);
}

// The options, by the names addOptions gives them.
const QString kScreenshot = "screenshot", kSize = "size", kTour = "tour", kSession = "open",
              kMode = "mode", kMnistScore = "mnist-score", kEndDigit = "end-digit",
              kModel = "model", kImageA = "image-a", kImageB = "image-b";

// --help, --version and the display check come before the QApplication, whose platform plugin
// aborts without a display: an exit code when the program ends here, else nothing. Qt's own
// options (-platform, -stylesheet, ...) are only known to the QApplication: read as long options
// here, so none is taken for -h or -v.
std::optional<int> answerBeforeApplication(int argc, char** argv, QCommandLineParser& parser) {
  const QCoreApplication probe(argc, argv);
  parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
  parser.parse(QCoreApplication::arguments());
  if (parser.isSet("help") || parser.isSet("help-all")) parser.showHelp(0);
  if (parser.isSet("version")) parser.showVersion();
  if (const QString problem = displayProblem(QCoreApplication::arguments()); !problem.isEmpty()) {
    printError(problem);
    return 2;
  }
  parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
  return std::nullopt;
}

// --size as width × height; the message when it is refused, else empty.
QString readWindowSize(const QCommandLineParser& parser, int& width, int& height) {
  const QStringList dimensions = parser.value(kSize).split('x');
  bool widthOk = false, heightOk = false;
  width = dimensions.value(0).toInt(&widthOk);
  height = dimensions.value(1).toInt(&heightOk);
  if (dimensions.size() != 2 || !widthOk || !heightOk || width < 200 || height < 150 ||
      width > 8000 || height > 8000)
    return QString("--size must look like 1100x750 (200x150 to 8000x8000), got '%1'")
        .arg(parser.value(kSize));
  return {};
}

// Before any work: a FIFO, device or folder given as the screenshot is refused, not replaced.
QString checkScreenshotTarget(const QCommandLineParser& parser) {
  if (!parser.isSet(kScreenshot)) return {};
  try {
    geodex::resolveWriteTarget(parser.value(kScreenshot).toStdString());
  } catch (const geodex::GeodexError& e) {
    return QString("--screenshot: %1").arg(e.what());
  }
  return {};
}

// --tour and --open: the explorer's scene.
QString applyExplorerOptions(geodex::MainWindow& window, const QCommandLineParser& parser) {
  if (parser.isSet(kTour)) {
    bool ok = false;
    const int scene = parser.value(kTour).toInt(&ok);
    if (!ok || !window.explorer()->showTourScene(scene - 1))
      return QString("--tour takes a scene number from the Tour menu, got '%1'")
          .arg(parser.value(kTour));
  }
  if (parser.isSet(kSession)) return window.explorer()->loadSession(parser.value(kSession));
  return {};
}

// --mnist-score and --end-digit: the Rotated MNIST mode, shown.
QString applyMnistOptions(geodex::MainWindow& window, const QCommandLineParser& parser) {
  const QString score = parser.value(kMnistScore);
  if (score != "exact" && score != "model")
    return QString("--mnist-score must be exact or model, got '%1'").arg(score);
  window.mnistPage()->setScore(score);
  if (parser.isSet(kEndDigit)) {
    bool ok = false;
    const int index = parser.value(kEndDigit).toInt(&ok);
    if (!ok || index < 0 || index >= geodex::MnistPage::kThumbnails)
      return QString("--end-digit takes a digit of the grid, 0 to %1, got '%2'")
          .arg(geodex::MnistPage::kThumbnails - 1)
          .arg(parser.value(kEndDigit));
    window.mnistPage()->setEndDigit(index);
  }
  window.modes()->setCurrentWidget(window.mnistPage());
  return {};
}

// --model, --image-a, --image-b: the Images mode, shown, running once the model and both images
// are there.
QString applyImagesOptions(geodex::MainWindow& window, const QCommandLineParser& parser) {
  if (!parser.isSet(kModel) && !parser.isSet(kImageA) && !parser.isSet(kImageB)) return {};
  geodex::ImagesPage* images = window.imagesPage();
  window.modes()->setCurrentWidget(images);
  for (const auto& [option, target] :
       {std::pair{&kImageA, images->targetA()}, std::pair{&kImageB, images->targetB()}}) {
    if (!parser.isSet(*option)) continue;
    if (const QString error = target->load(parser.value(*option)); !error.isEmpty()) return error;
  }
  if (parser.isSet(kModel)) {
    // Runs once the model is loaded and checked, when both images are there.
    QObject::connect(images, &geodex::ImagesPage::modelLoaded, images, [images] {
      if (images->targetA()->hasImage() && images->targetB()->hasImage()) images->run();
    });
    images->openModel(parser.value(kModel));
  }
  return {};
}

// The mode and the scene the options ask for; the message of the first one refused, else empty.
QString applyStartOptions(geodex::MainWindow& window, const QCommandLineParser& parser) {
  if (const QString error = applyExplorerOptions(window, parser); !error.isEmpty()) return error;
  const QString mode = parser.value(kMode);
  if (mode == "mnist") {
    if (const QString error = applyMnistOptions(window, parser); !error.isEmpty()) return error;
  } else if (mode == "images") {
    window.modes()->setCurrentWidget(window.imagesPage());
  } else if (mode != "manifolds") {
    return QString("--mode must be manifolds, mnist or images, got '%1'").arg(mode);
  }
  return applyImagesOptions(window, parser);
}

}  // namespace

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  QCoreApplication::setApplicationName("geodex");
  QCoreApplication::setOrganizationName("geodex");
  QCoreApplication::setApplicationVersion(GEODEX_VERSION);
  QCommandLineParser parser;
  addOptions(parser);
  if (const std::optional<int> code = answerBeforeApplication(argc, argv, parser)) return *code;

  // VTK needs an OpenGL 3.2 core context: the default format must be set before QApplication.
  QSurfaceFormat::setDefaultFormat(geodex::VtkOpenGlWidget::defaultFormat());
  previousHandler = qInstallMessageHandler(onStartupMessage);
  QApplication app(argc, argv);
  qInstallMessageHandler(previousHandler);
  for (const QString& message : startupMessages) std::fprintf(stderr, "%s\n", qPrintable(message));
  parser.process(app);

  int width = 0, height = 0;
  QString error = readWindowSize(parser, width, height);
  if (error.isEmpty()) error = checkScreenshotTarget(parser);
  if (!error.isEmpty()) {
    printError(error);
    return 2;
  }
  // Screenshots (tests, docs) show the defaults, not what the last session left.
  geodex::MainWindow window(/*rememberSettings=*/!parser.isSet(kScreenshot));
  window.resize(width, height);
  if (const QString refused = applyStartOptions(window, parser); !refused.isEmpty()) {
    printError(refused);
    return 2;
  }
  window.show();
  if (parser.isSet(kScreenshot)) return saveScreenshot(window, parser.value(kScreenshot));
  return app.exec();
}
