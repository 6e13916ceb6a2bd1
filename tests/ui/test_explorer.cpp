// The explorer window end to end, under xvfb: what it draws (checked in the pixels), the solve
// on the worker thread (progress, live path, final result drawn exactly), cancellation latency,
// bursts of parameter changes, exports read back, sessions, bad input, picking, the Tour.
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkXMLPolyDataReader.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "pixel_checks.h"
#include "ui_test_support.h"
#include "ui/explorer/energy_plot.h"
#include "ui/explorer/explorer_panel.h"
#include "ui/common/geodesic_layer.h"
#include "ui/main_window.h"
#include "ui/explorer/metric_field_layer.h"
#include "ui/explorer/solve_controller.h"
#include "ui/explorer/tour.h"
#include "ui/common/vtk_open_gl_widget.h"

using namespace geodex;
using namespace geodex::test;

namespace {

constexpr int kSolveTimeoutMs = 60000;

// Waits until the window has drawn a finished result (or fails the calling test).
bool waitForResult(MainWindow& window) {
  return waitUntilIdle(window, kSolveTimeoutMs) && window.lastResult().has_value();
}

Eigen::MatrixXd polylinePoints(vtkPolyData* line, int dimension) {
  Eigen::MatrixXd out(dimension, line->GetNumberOfPoints());
  for (vtkIdType j = 0; j < line->GetNumberOfPoints(); ++j) {
    double p[3];
    line->GetPoint(j, p);
    for (int i = 0; i < dimension; ++i) out(i, j) = p[i];
  }
  return out;
}

// The VTK view's part of a window grab, as RGB32.
QImage grabView(MainWindow& window) {
  const QImage grab = window.grab().toImage();
  const qreal ratio = grab.devicePixelRatio();
  const QRect rect(window.view()->mapTo(&window, QPoint(0, 0)), window.view()->size());
  return grab.copy(QRect(rect.topLeft() * ratio, rect.size() * ratio))
      .convertToFormat(QImage::Format_RGB32);
}

int threadCount() {
  QFile status("/proc/self/status");
  if (!status.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : status.readAll().split('\n'))
    if (line.startsWith("Threads:")) return line.mid(8).trimmed().toInt();
  return -1;
}

// A solve long enough to cancel: the paper's Adam on the torus with many points.
ExplorerSettings longSolve() {
  ExplorerSettings s = ExplorerSettings::defaultsFor("torus");
  s.solver = "adam";
  s.points = 128;
  s.showEllipsoids = false;
  return s;
}

}  // namespace

class TestExplorer : public QObject {
  Q_OBJECT
 public:
  static void initMain() { QSurfaceFormat::setDefaultFormat(VtkOpenGlWidget::defaultFormat()); }

 private slots:
  void startupShowsSphereGeodesicAndEllipsoids() {
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(waitForResult(window));
    QCOMPARE(window.settings().manifold, QString("sphere"));
    QVERIFY(window.field()->glyphCount() > 50);
    QTRY_VERIFY(window.view()->framesRendered() > 0);

    const QImage view = grabView(window);
    const int area = view.width() * view.height();
    const int orange = countPixels(view, isSampleOrange);
    const int glyphs = countPixels(view, isMetricGlyphColour);
    const int green = countPixels(view, isGeodesicGreen);
    const int red = countPixels(view, isStraightRed);
    qInfo("view %dx%d: %d sample, %d ellipsoid, %d geodesic, %d straight-line pixels",
          view.width(), view.height(), orange, glyphs, green, red);
    QVERIFY(orange > 2000);
    QVERIFY(glyphs > area / 100);
    QVERIFY(green > 1500);
    QVERIFY(red > 1000);
    // The sphere sits in the middle of the view: so do the ellipsoids around it.
    const QRect glyphBox = boundingRect(view, isMetricGlyphColour);
    QVERIFY(glyphBox.width() > view.width() / 3);

    // The geodesic on the sphere is the quarter great circle: length π/2 (DESIGN.md §1).
    const GeodesicJobResult& result = *window.lastResult();
    QVERIFY(result.geodesic.converged);
    QVERIFY(std::abs(result.geodesic.length - M_PI / 2) < 0.01);
    QVERIFY(result.straightLength > 10 * result.geodesic.length);

    // Turning the ellipsoids off removes their pixels; score arrows add light grey ones.
    const auto isArrowGrey = [](QRgb p) {
      return qGray(p) >= 200 && std::max({qRed(p), qGreen(p), qBlue(p)}) -
                                        std::min({qRed(p), qGreen(p), qBlue(p)}) <= 20;
    };
    const int greyBefore = countPixels(view, isArrowGrey);
    ExplorerSettings s = window.settings();
    s.showEllipsoids = false;
    s.showScoreArrows = true;
    window.applySettings(s);
    QVERIFY(waitForResult(window));
    QTest::qWait(50);
    const QImage after = grabView(window);
    const int glyphsOff = countPixels(after, isMetricGlyphColour);
    const int greyAfter = countPixels(after, isArrowGrey);
    qInfo("ellipsoid pixels with ellipsoids off: %d; arrow-grey pixels %d → %d", glyphsOff,
          greyBefore, greyAfter);
    QVERIFY(glyphsOff < glyphs / 20);
    QVERIFY(greyAfter > greyBefore + 1000);
  }

  void programmaticSolveReportsProgressAndDrawsTheResultPath() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(waitForResult(window));
    ExplorerSettings s = ExplorerSettings::defaultsFor("torus");
    s.solver = "adam";  // many iterations: progress and live snapshots
    s.points = 24;
    QSignalSpy progress(window.controller(), &SolveController::progressed);
    QSignalSpy snapshots(window.controller(), &SolveController::snapshotReady);
    QSignalSpy finished(window.controller(), &SolveController::finished);
    window.applySettings(s);
    QVERIFY(finished.wait(kSolveTimeoutMs));
    QVERIFY(waitForResult(window));
    QVERIFY(progress.count() > 0);
    QVERIFY(snapshots.count() > 0);
    QCOMPARE(finished.count(), 1);

    const GeodesicJobResult& result = *window.lastResult();
    QCOMPARE(result.settings, s);
    QCOMPARE(result.geodesic.path.cols(), 24);
    // What is drawn is exactly the result's path, and its ends are the requested endpoints.
    const Eigen::MatrixXd drawn = polylinePoints(window.paths()->polyline(GeodesicLayer::Geodesic), 3);
    QCOMPARE(drawn.cols(), result.geodesic.path.cols());
    QCOMPARE((drawn - result.geodesic.path).cwiseAbs().maxCoeff(), 0.0);
    QVERIFY((drawn.col(0) - s.fromPoint()).norm() < 1e-12);
    QVERIFY((drawn.col(23) - s.toPoint()).norm() < 1e-12);
    // The numbers panel and the energy plot show the result.
    QVERIFY(window.panel()->resultLabel()->text().contains("Geodesic length"));
    QCOMPARE(window.panel()->energyPlot()->pointCount(), int(result.geodesic.energyHistory.size()));
  }

  void cancelStopsALongSolveWithinAFifthOfASecond() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(waitForResult(window));
    QSignalSpy progress(window.controller(), &SolveController::progressed);
    QSignalSpy cancelled(window.controller(), &SolveController::cancelled);
    QSignalSpy finished(window.controller(), &SolveController::finished);
    window.applySettings(longSolve());
    QVERIFY(progress.wait(20000));  // the solver is iterating
    QVERIFY(!window.isIdle());

    QElapsedTimer timer;
    timer.start();
    window.panel()->cancelButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 2000);
    const qint64 latency = timer.elapsed();
    qInfo("cancel → cancelled signal: %lld ms", latency);
    QVERIFY(latency < 200);
    QVERIFY(window.isIdle());
    // The worker itself stops at the solver's next iteration check.
    timer.restart();
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->workerRunning(), 2000);
    qInfo("cancel → worker idle: %lld ms", timer.elapsed());
    QVERIFY(timer.elapsed() < 500);  // one Adam iteration here takes ~20–80 ms
    QCOMPARE(finished.count(), 0);
    // The GUI is still usable: a new solve runs to the end.
    window.applySettings(ExplorerSettings{});
    QVERIFY(waitForResult(window));
    QCOMPARE(window.lastResult()->settings, ExplorerSettings{});
  }

  void rapidParameterChangesEndInOneConsistentResult() {
    {  // Warm-up: thread pools (OpenMP, LibTorch) that live for the whole process.
      MainWindow warm;
      QVERIFY(waitForResult(warm));
    }
    const int threadsBefore = threadCount();
    {
      MainWindow window;
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      QVERIFY(waitForResult(window));
      QSignalSpy shown(&window, &MainWindow::resultShown);
      ExplorerSettings s = ExplorerSettings::defaultsFor("torus");
      for (int k = 0; k < 50; ++k) {
        s.lambda = 10.0 + 37.0 * k;
        s.points = 8 + k % 9;
        // Mostly debounced slider-like changes, every tenth one an immediate solve that the
        // following changes must cancel.
        window.applySettings(s, /*debounced=*/k % 10 != 0);
        QTest::qWait(k % 3);
      }
      QVERIFY(waitForResult(window));
      const int shownAtEnd = int(shown.count());
      QTest::qWait(400);  // nothing stale arrives later
      QCOMPARE(int(shown.count()), shownAtEnd);
      const GeodesicJobResult& result = *window.lastResult();
      QCOMPARE(result.settings, s);
      QCOMPARE(window.settings(), s);
      const Eigen::MatrixXd drawn =
          polylinePoints(window.paths()->polyline(GeodesicLayer::Geodesic), 3);
      QCOMPARE(drawn.cols(), Eigen::Index(s.points));
      QCOMPARE((drawn - result.geodesic.path).cwiseAbs().maxCoeff(), 0.0);
    }
    QVERIFY(threadCount() <= threadsBefore);  // the solver thread was joined
  }

  void exportsWriteFilesThatReadBack() {
    MainWindow window;
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ExplorerSettings s;
    s.showSlerp = true;
    s.extrapolation = 0.5;
    window.applySettings(s);
    QVERIFY(waitForResult(window));
    const GeodesicJobResult& result = *window.lastResult();
    QTemporaryDir dir;

    const QString png = dir.filePath("view.png");
    QCOMPARE(window.exportScreenshot(png), QString());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.view()->size() * window.view()->devicePixelRatio());
    QVERIFY(countPixels(image.convertToFormat(QImage::Format_RGB32), isGeodesicGreen) > 500);

    const QString csv = dir.filePath("paths.csv");
    QCOMPARE(window.exportPathCsv(csv), QString());
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QStringList lines = QString(csvFile.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QString("path,index,x,y,z"));
    const int expectedRows = s.points * 3 + int(result.extrapolation.cols());  // geodesic, straight, slerp
    QCOMPARE(lines.size(), 1 + expectedRows);
    const QStringList first = lines[1].split(',');
    QCOMPARE(first[0], QString("geodesic"));
    QCOMPARE(first[2].toDouble(), result.geodesic.path(0, 0));

    const QString json = dir.filePath("paths.json");
    QCOMPARE(window.exportPathJson(json), QString());
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonObject object = QJsonDocument::fromJson(jsonFile.readAll()).object();
    QCOMPARE(object["path"].toArray().size(), s.points);
    QCOMPARE(object["length"].toDouble(), result.geodesic.length);
    QCOMPARE(object["settings"].toObject()["manifold"].toString(), QString("sphere"));
    QVERIFY(object.contains("slerp_path") && object.contains("extrapolation_path"));

    const QString vtp = dir.filePath("paths.vtp");
    QCOMPARE(window.exportPathVtp(vtp), QString());
    vtkNew<vtkXMLPolyDataReader> reader;
    reader->SetFileName(vtp.toUtf8().constData());
    reader->Update();
    vtkPolyData* data = reader->GetOutput();
    QCOMPARE(data->GetNumberOfLines(), vtkIdType(4));
    QCOMPARE(data->GetNumberOfPoints(), vtkIdType(expectedRows));
    double p[3];
    data->GetPoint(s.points - 1, p);  // the geodesic's last point is the second endpoint
    QVERIFY(std::abs(p[2] - 1.0) < 1e-12);

    // Nothing but the four files (atomic writes leave no temporaries behind).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4);

    // An unwritable place: a message, no file, no crash; the window goes on working.
    const QString bad = "/nonexistent-directory/paths.csv";
    const QString error = window.exportPathCsv(bad);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains("nonexistent-directory"), qPrintable(error));
    QVERIFY(!window.exportScreenshot("/nonexistent-directory/v.png").isEmpty());
    QVERIFY(!window.exportPathVtp("/proc/version").isEmpty());
    QVERIFY(!QFile::exists(bad));
    window.applySettings(ExplorerSettings::defaultsFor("circle"));
    QVERIFY(waitForResult(window));
  }

  void sessionSaveAndLoadRestoreParametersAndPath() {
    QTemporaryDir dir;
    const QString path = dir.filePath("session.json");
    ExplorerSettings s = ExplorerSettings::defaultsFor("torus");
    s.lambda = 317.5;
    s.points = 21;
    s.showSlerp = true;
    s.from = {1.0, 0.0, 0.4};
    Eigen::MatrixXd saved;
    {
      MainWindow window;
      window.applySettings(s);
      QVERIFY(waitForResult(window));
      saved = window.lastResult()->geodesic.path;
      QCOMPARE(window.saveSession(path), QString());
    }
    MainWindow other;
    QVERIFY(waitForResult(other));  // the default scene first
    QCOMPARE(other.loadSession(path), QString());
    QCOMPARE(other.settings(), s);
    QVERIFY(other.lastResult().has_value());
    QCOMPARE((other.lastResult()->geodesic.path - saved).cwiseAbs().maxCoeff(), 0.0);
    const Eigen::MatrixXd drawn = polylinePoints(other.paths()->polyline(GeodesicLayer::Geodesic), 3);
    QCOMPARE((drawn - saved).cwiseAbs().maxCoeff(), 0.0);

    // Broken sessions: a clear message and the current scene untouched.
    QFile broken(dir.filePath("broken.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\": \"geodex-session\", \"settings\": {\"lambda\": -4}}");
    broken.close();
    const QString error = other.loadSession(broken.fileName());
    QVERIFY2(error.contains("lambda"), qPrintable(error));
    QVERIFY(!other.loadSession(dir.filePath("missing.json")).isEmpty());
    QVERIFY(!other.loadSession("/proc/version").isEmpty());
    QCOMPARE(other.settings(), s);
  }

  void badParametersGiveAMessageAndKeepTheScene() {
    MainWindow window;
    QVERIFY(waitForResult(window));
    const ExplorerSettings before = window.settings();
    ExplorerSettings bad = before;
    bad.lambda = -5;
    window.applySettings(bad);
    QVERIFY(window.statusBar()->currentMessage().contains("lambda"));
    bad = before;
    bad.from = {std::nan(""), 0, 0};
    window.applySettings(bad);
    bad = before;
    bad.manifold = "klein-bottle";
    window.applySettings(bad);
    bad = ExplorerSettings::defaultsFor("torus");
    bad.scoreSource = "analytic";  // no closed form for the torus
    window.applySettings(bad);
    QVERIFY(window.statusBar()->currentMessage().contains("quadrature"));
    QCOMPARE(window.settings(), before);
    QVERIFY(window.isIdle());
  }

  void clickingTheViewPicksTheNearestSample() {
    MainWindow window;
    window.resize(1100, 750);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.applySettings(ExplorerSettings::defaultsFor("circle"));
    QVERIFY(waitForResult(window));
    QTRY_VERIFY(window.view()->framesRendered() > 0);
    // Where the point (0, -1) of the circle appears on screen.
    vtkRenderer* renderer = window.view()->renderer();
    renderer->SetWorldPoint(0.0, -1.0, 0.0, 1.0);
    renderer->WorldToDisplay();
    const double* display = renderer->GetDisplayPoint();
    const qreal ratio = window.view()->devicePixelRatioF();
    const QPoint click(qRound(display[0] / ratio),
                       qRound(window.view()->height() - display[1] / ratio));
    QTest::mouseClick(window.view(), Qt::LeftButton, {}, click);
    const Eigen::Vector3d from = window.settings().from;
    QVERIFY2(std::abs(from.norm() - 1.0) < 1e-9, "the endpoint is a sample on the circle");
    QVERIFY((from - Eigen::Vector3d(0, -1, 0)).norm() < 0.1);
    QVERIFY(waitForResult(window));
    QCOMPARE(window.lastResult()->settings.from, from);
  }

  void settingsAreRememberedBetweenRuns() {
    QTemporaryDir dir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    ExplorerSettings s = ExplorerSettings::defaultsFor("helix");
    s.lambda = 42.5;
    s.showScoreArrows = true;
    {
      MainWindow window(/*rememberSettings=*/true);
      window.show();
      QVERIFY(waitForResult(window));
      window.applySettings(s);
      QVERIFY(waitForResult(window));
      window.close();  // saves
    }
    {
      MainWindow again(/*rememberSettings=*/true);
      QCOMPARE(again.settings(), s);
      QVERIFY(waitForResult(again));
    }
    {  // A damaged store falls back to the defaults.
      QSettings store;
      store.setValue("explorer/settings", "{\"lambda\": \"many\"}");
    }
    MainWindow fresh(/*rememberSettings=*/true);
    QCOMPARE(fresh.settings(), ExplorerSettings{});
    QVERIFY(waitForResult(fresh));
    // Windows that do not remember (tests, screenshots) ignore the store.
    MainWindow plain;
    QCOMPARE(plain.settings(), ExplorerSettings{});
    QVERIFY(waitForResult(plain));
  }

  void trainedModelFilesLoadOrGiveAMessage() {
    MainWindow window;
    QVERIFY(waitForResult(window));
    QSignalSpy failed(window.controller(), &SolveController::failed);
    ExplorerSettings s = ExplorerSettings::defaultsFor("sphere");
    s.scoreSource = "trained";
    s.modelFile = "/nonexistent/model.pt";
    window.applySettings(s);
    QVERIFY(failed.wait(10000));
    QVERIFY2(window.statusBar()->currentMessage().contains("/nonexistent/model.pt"),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(window.isIdle());

    QTemporaryDir dir;
    QFile corrupt(dir.filePath("corrupt.pt"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("definitely not a LibTorch archive");
    corrupt.close();
    s.modelFile = corrupt.fileName();
    window.applySettings(s);
    QVERIFY(failed.wait(10000));
    QVERIFY(window.statusBar()->currentMessage().contains("corrupt.pt"));

    // The shipped sphere model on the circle: wrong dimension, named.
    ExplorerSettings circle = ExplorerSettings::defaultsFor("circle");
    circle.scoreSource = "trained";
    circle.modelFile = "resources/models/sphere-mlp.pt";
    window.applySettings(circle);
    QVERIFY(failed.wait(10000));
    QVERIFY2(window.statusBar()->currentMessage().contains("R^3"),
             qPrintable(window.statusBar()->currentMessage()));

    // And on the sphere it works: the learned geodesic stays near the sphere.
    s.modelFile = "resources/models/sphere-mlp.pt";
    s.lambda = 10;
    window.applySettings(s);
    QVERIFY(waitForResult(window));
    QCOMPARE(window.lastResult()->settings.scoreSource, QString("trained"));
    const Eigen::MatrixXd& path = window.lastResult()->geodesic.path;
    QVERIFY((path.colwise().norm().array() - 1.0).abs().maxCoeff() < 0.15);
  }

  void everyTourSceneSolves() {
    MainWindow window;
    QVERIFY(waitForResult(window));
    const std::vector<TourScene> scenes = tourScenes();
    QVERIFY(scenes.size() >= 4);
    for (int k = 0; k < int(scenes.size()); ++k) {
      QVERIFY(window.showTourScene(k));
      QVERIFY2(waitForResult(window), qPrintable(scenes[k].title));
      QCOMPARE(window.lastResult()->settings, scenes[k].settings);
      QVERIFY2(window.lastResult()->geodesic.length < window.lastResult()->straightLength,
               qPrintable(scenes[k].title));
      QCOMPARE(window.statusBar()->currentMessage(), scenes[k].caption);
    }
    QVERIFY(!window.showTourScene(int(scenes.size())));
  }
};

QTEST_MAIN(TestExplorer)
#include "test_explorer.moc"
