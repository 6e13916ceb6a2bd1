// The explorer's files under xvfb: exports read back (PNG, CSV, JSON, VTP), sessions saved and
// loaded, settings remembered between runs, trained score model files that load or give a
// message. The views and the solve: test_explorer.cpp.
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
#include "explorer_test_support.h"
#include "core/util/errors.h"
#include "ui/common/geodesic_layer.h"
#include "ui/common/job_runner.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/energy_plot.h"
#include "ui/explorer/explorer_page.h"
#include "ui/explorer/explorer_panel.h"
#include "ui/explorer/metric_field_layer.h"
#include "ui/explorer/tour.h"
#include "ui/main_window.h"

using namespace geodex;
using namespace geodex::test;

class TestExplorerFiles : public QObject {
  Q_OBJECT

 private slots:
  void exportsWriteFilesThatReadBack() {
    MainWindow window;
    QVERIFY(showOnScreen(window, {1000, 700}));
    ExplorerSettings s;
    s.showSlerp = true;
    s.extrapolation = 0.5;
    window.explorer()->applySettings(s);
    QVERIFY(waitForResult(window));
    const ExplorerResult& result = *window.explorer()->lastResult();
    QTemporaryDir dir;

    const QString png = dir.filePath("view.png");
    QCOMPARE(window.explorer()->exportScreenshot(png), QString());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.explorer()->view()->size() * window.explorer()->view()->devicePixelRatio());
    QVERIFY(countPixels(image.convertToFormat(QImage::Format_RGB32), isGeodesicGreen) > 500);

    const QString csv = dir.filePath("paths.csv");
    QCOMPARE(window.explorer()->exportPathCsv(csv), QString());
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
    QCOMPARE(window.explorer()->exportPathJson(json), QString());
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonObject object = QJsonDocument::fromJson(jsonFile.readAll()).object();
    QCOMPARE(object["path"].toArray().size(), s.points);
    QCOMPARE(object["length"].toDouble(), result.geodesic.length);
    QCOMPARE(object["settings"].toObject()["manifold"].toString(), QString("sphere"));
    QVERIFY(object.contains("slerp_path") && object.contains("extrapolation_path"));

    const QString vtp = dir.filePath("paths.vtp");
    QCOMPARE(window.explorer()->exportPathVtp(vtp), QString());
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
    const QString error = window.explorer()->exportPathCsv(bad);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains("nonexistent-directory"), qPrintable(error));
    QVERIFY(!window.explorer()->exportScreenshot("/nonexistent-directory/v.png").isEmpty());
    QVERIFY(!window.explorer()->exportPathVtp("/proc/version").isEmpty());
    QVERIFY(!QFile::exists(bad));
    window.explorer()->applySettings(ExplorerSettings::defaultsFor(ManifoldKind::Circle));
    QVERIFY(waitForResult(window));
  }

  void sessionSaveAndLoadRestoreParametersAndPath() {
    QTemporaryDir dir;
    const QString path = dir.filePath("session.json");
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Torus);
    s.metric.lambda = 317.5;
    s.points = 21;
    s.showSlerp = true;
    s.from = {1.0, 0.0, 0.4};
    Eigen::MatrixXd saved;
    {
      MainWindow window;
      window.explorer()->applySettings(s);
      QVERIFY(waitForResult(window));
      saved = window.explorer()->lastResult()->geodesic.path;
      QCOMPARE(window.explorer()->saveSession(path), QString());
    }
    MainWindow other;
    QVERIFY(waitForResult(other));  // the default scene first
    QCOMPARE(other.explorer()->loadSession(path), QString());
    QCOMPARE(other.explorer()->settings(), s);
    QVERIFY(other.explorer()->lastResult().has_value());
    QCOMPARE((other.explorer()->lastResult()->geodesic.path - saved).cwiseAbs().maxCoeff(), 0.0);
    const Eigen::MatrixXd drawn = polylinePoints(other.explorer()->paths()->polyline(GeodesicLayer::Geodesic), 3);
    QCOMPARE((drawn - saved).cwiseAbs().maxCoeff(), 0.0);

    // Broken sessions: a clear message and the current scene untouched.
    QFile broken(dir.filePath("broken.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\": \"geodex-session\", \"settings\": {\"lambda\": -4}}");
    broken.close();
    const QString error = other.explorer()->loadSession(broken.fileName());
    QVERIFY2(error.contains("lambda"), qPrintable(error));
    QVERIFY(!other.explorer()->loadSession(dir.filePath("missing.json")).isEmpty());
    QVERIFY(!other.explorer()->loadSession("/proc/version").isEmpty());
    QCOMPARE(other.explorer()->settings(), s);
  }

  void settingsAreRememberedBetweenRuns() {
    QTemporaryDir dir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Helix);
    s.metric.lambda = 42.5;
    s.showScoreArrows = true;
    {
      MainWindow window(/*rememberSettings=*/true);
      window.show();
      QVERIFY(waitForResult(window));
      window.explorer()->applySettings(s);
      QVERIFY(waitForResult(window));
      window.close();  // saves
    }
    {
      MainWindow again(/*rememberSettings=*/true);
      QCOMPARE(again.explorer()->settings(), s);
      QVERIFY(waitForResult(again));
    }
    {  // A damaged store falls back to the defaults.
      QSettings store;
      store.setValue("explorer/settings", "{\"lambda\": \"many\"}");
    }
    MainWindow fresh(/*rememberSettings=*/true);
    QCOMPARE(fresh.explorer()->settings(), ExplorerSettings{});
    QVERIFY(waitForResult(fresh));
    // Windows that do not remember (tests, screenshots) ignore the store.
    MainWindow plain;
    QCOMPARE(plain.explorer()->settings(), ExplorerSettings{});
    QVERIFY(waitForResult(plain));
  }

  void trainedModelFilesLoadOrGiveAMessage() {
    MainWindow window;
    QVERIFY(waitForResult(window));
    QSignalSpy failed(window.explorer()->jobs(), &JobRunner::failed);
    // The model file on `manifold`: the status bar's message once the job has failed.
    const auto refusal = [&](ManifoldKind manifold, const QString& modelFile) {
      ExplorerSettings s = ExplorerSettings::defaultsFor(manifold);
      s.scoreSource = ScoreSource::Trained;
      s.modelFile = modelFile;
      window.explorer()->applySettings(s);
      return failed.wait(10000) ? window.statusBar()->currentMessage() : QString("(no failure)");
    };
    QString message = refusal(ManifoldKind::Sphere, "/nonexistent/model.pt");
    QVERIFY2(message.contains("/nonexistent/model.pt"), qPrintable(message));
    QVERIFY(window.explorer()->isIdle());

    QTemporaryDir dir;
    QFile corrupt(dir.filePath("corrupt.pt"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("definitely not a LibTorch archive");
    corrupt.close();
    message = refusal(ManifoldKind::Sphere, corrupt.fileName());
    QVERIFY2(message.contains("corrupt.pt"), qPrintable(message));

    // The shipped sphere model on the circle: wrong dimension, named.
    message = refusal(ManifoldKind::Circle, "resources/models/sphere-mlp.pt");
    QVERIFY2(message.contains("R^3"), qPrintable(message));

    // And on the sphere it works: the learned geodesic stays near the sphere.
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
    s.scoreSource = ScoreSource::Trained;
    s.modelFile = "resources/models/sphere-mlp.pt";
    s.metric.lambda = 10;
    window.explorer()->applySettings(s);
    QVERIFY(waitForResult(window));
    QVERIFY(window.explorer()->lastResult()->settings.scoreSource == ScoreSource::Trained);
    const Eigen::MatrixXd& path = window.explorer()->lastResult()->geodesic.path;
    QVERIFY((path.colwise().norm().array() - 1.0).abs().maxCoeff() < 0.15);
  }

};

GEODEX_VTK_TEST_MAIN(TestExplorerFiles)
#include "test_explorer_files.moc"
