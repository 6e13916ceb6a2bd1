// The explorer's σ diagnosis and animation exports under xvfb: the
// "Choose σ" plot's pixels (its colours in the charts where they belong, the window's σ
// marker), a bad σ list as a message, and the orbit and solve animations read back by OpenCV
// (frame count and size) with nothing written when a solve is cancelled.
#include <vtkCamera.h>
#include <vtkRenderer.h>
#include <QAction>
#include <QImageReader>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/videoio.hpp>

#include "explorer_test_support.h"
#include "pixel_checks.h"
#include "ui/common/job_runner.h"
#include "ui/common/run_controls.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/explorer_panel.h"
#include "ui/explorer/noise_level_dialog.h"
#include "ui/explorer/noise_level_plot.h"
#include "ui/explorer/tour.h"
#include "ui/explorer/view_animation_recorder.h"

using namespace geodex;
using namespace geodex::test;

namespace {

struct VideoFacts {
  int frames = 0;
  int width = 0, height = 0;
};

// What OpenCV reads back: every frame decoded (not the container's claim).
VideoFacts readBack(const QString& path) {
  cv::VideoCapture capture(path.toStdString());
  VideoFacts facts;
  cv::Mat frame;
  while (capture.isOpened() && capture.read(frame)) {
    ++facts.frames;
    facts.width = frame.cols;
    facts.height = frame.rows;
  }
  return facts;
}

std::function<bool(QRgb)> near(const QColor& colour) {
  return [colour](QRgb p) { return isNear(p, colour.red(), colour.green(), colour.blue(), 45); };
}

// The pixels of `predicate` in the plot's quarter (column, row) of the 2×2 grid.
int countIn(const QImage& image, int column, int row, const std::function<bool(QRgb)>& predicate) {
  const int w = image.width() / 2, h = image.height() / 2;
  return countPixels(image.copy(column * w, row * h, w, h), predicate);
}

// The tallest run of columns: the most `predicate` pixels found in one column of the quarter.
int tallestColumn(const QImage& image, int column, int row,
                  const std::function<bool(QRgb)>& predicate) {
  const int w = image.width() / 2, h = image.height() / 2;
  int best = 0;
  for (int x = column * w; x < (column + 1) * w; ++x) {
    int count = 0;
    for (int y = row * h; y < (row + 1) * h; ++y) count += predicate(image.pixel(x, y)) ? 1 : 0;
    best = std::max(best, count);
  }
  return best;
}

}  // namespace

class TestExplorerAnimationAndSigma : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sigmaPlotShowsEveryMeasureInItsChart() {
    ExplorerPage page;
    QVERIFY(showWithResult(page, {900, 600}));
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Torus);
    s.sigma = 0.2;
    page.applySettings(s);
    NoiseLevelDialog* dialog = page.showNoiseLevelDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    dialog->setSigmaList("0.3, 0.5, 1");  // coarse torus quadratures: fast
    QSignalSpy shown(dialog, &NoiseLevelDialog::diagnosisShown);
    dialog->compute();
    QVERIFY(shown.wait(60000));
    QCOMPARE(dialog->plot()->rowCount(), 3);
    QCOMPARE(dialog->lastDiagnosis().manifold, std::string("torus"));
    QVERIFY(dialog->summary()->text().contains("torus"));
    QTest::qWait(200);  // the charts lay out their axes on the next events

    const QImage image = dialog->plot()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QVERIFY(distinctColours(image) > 50);  // not blank
    // Each measure's colour in its own chart, and not in the chart of another.
    QVERIFY(countIn(image, 0, 0, near(NoiseLevelPlot::kAngle)) > 150);
    QVERIFY(countIn(image, 1, 0, near(NoiseLevelPlot::kTangential)) > 150);
    QVERIFY(countIn(image, 0, 1, near(NoiseLevelPlot::kAnisotropy)) > 150);
    QVERIFY(countIn(image, 1, 1, near(NoiseLevelPlot::kDistance)) > 100);
    QVERIFY(countIn(image, 1, 1, near(NoiseLevelPlot::kLengthError)) > 100);
    QCOMPARE(countIn(image, 1, 0, near(NoiseLevelPlot::kAngle)), 0);
    QCOMPARE(countIn(image, 0, 0, near(NoiseLevelPlot::kAnisotropy)), 0);
    // The window's σ (0.2) as a dashed black line across a chart's height, in every chart.
    const auto dark = [](QRgb p) { return qRed(p) < 60 && qGreen(p) < 60 && qBlue(p) < 60; };
    for (int k = 0; k < 4; ++k)
      QVERIFY2(tallestColumn(image, k % 2, k / 2, dark) > image.height() / 2 / 4,
               qPrintable(QString("chart %1").arg(k)));
  }

  // The U-Net against t: the paper's t = 400 marked, the random direction's fraction dotted.
  void unetPlotAgainstT() {
    NoiseLevelDialog dialog;
    QVERIFY(showOnScreen(dialog));
    dialog.chooseUnet();
    dialog.setSigmaList("100, 400, 800");
    QSignalSpy shown(&dialog, &NoiseLevelDialog::diagnosisShown);
    dialog.compute();
    QVERIFY(shown.wait(60000));
    QCOMPARE(dialog.plot()->rowCount(), 3);
    QCOMPARE(dialog.lastUnetDiagnosis().rows[1].t, 400);
    QVERIFY(dialog.summary()->text().contains("t = 400"));
    QTest::qWait(200);
    const QImage image = dialog.plot()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QVERIFY(countIn(image, 0, 0, near(NoiseLevelPlot::kAngle)) > 150);
    QVERIFY(countIn(image, 1, 0, near(NoiseLevelPlot::kTangential)) > 150);
    QVERIFY(countIn(image, 0, 1, near(NoiseLevelPlot::kAnisotropy)) > 150);
    QVERIFY(countIn(image, 1, 1, near(NoiseLevelPlot::kLengthError)) > 150);
    const auto dark = [](QRgb p) { return qRed(p) < 60 && qGreen(p) < 60 && qBlue(p) < 60; };
    QVERIFY(tallestColumn(image, 0, 0, dark) > image.height() / 2 / 4);
    if (const QString dir = qEnvironmentVariable("GEODEX_SCREENSHOT_DIR"); !dir.isEmpty())
      QVERIFY(dialog.grab().save(QDir(dir).filePath("screenshot-choose-t-unet.png")));
  }

  void badSigmaListIsAMessage() {
    NoiseLevelDialog dialog;
    dialog.setSigmaList("0.1, zero");
    dialog.compute();
    QVERIFY(dialog.summary()->text().contains("zero"));
    QVERIFY(dialog.jobs()->isIdle());
    dialog.setSigmaList("0.1, 1e9");  // out of range: the job says so
    dialog.compute();
    QVERIFY(waitUntilIdle(*dialog.jobs()));
    QTRY_VERIFY(dialog.summary()->text().contains("σ"));
    QCOMPARE(dialog.plot()->rowCount(), 0);
  }

  // Cancel gives the dialog back at once; a later compute still works.
  void cancelThenComputeAgain() {
    NoiseLevelDialog dialog;
    dialog.setContext(ManifoldKind::Circle, 0.1, 1000);
    dialog.setSigmaList("0.05, 0.1, 0.2, 0.5");
    dialog.compute();
    dialog.jobs()->cancel();
    QCOMPARE(dialog.summary()->text(), QString("Cancelled."));
    QVERIFY(dialog.jobs()->isIdle());
    QSignalSpy shown(&dialog, &NoiseLevelDialog::diagnosisShown);
    dialog.compute();
    QVERIFY(shown.wait(60000));
    QCOMPARE(dialog.lastDiagnosis().manifold, std::string("circle"));
    QCOMPARE(dialog.plot()->rowCount(), 4);
  }

  // The dialog's job is the page's work: the page is busy while it runs, and the page's cancel
  // (what the window calls when it closes) stops it.
  void pageCoversTheDialogsJob() {
    ExplorerPage page;
    QVERIFY(showWithResult(page, {640, 480}));
    NoiseLevelDialog* dialog = page.showNoiseLevelDialog();
    dialog->setSigmaList("0.02, 0.05, 0.1, 0.2, 0.5");
    dialog->compute();
    QVERIFY(!dialog->jobs()->isIdle());
    QVERIFY(!page.isIdle());
    page.cancel();
    QVERIFY(dialog->jobs()->isIdle());
    QVERIFY(page.isIdle());
    QCOMPARE(dialog->summary()->text(), QString("Cancelled."));
    QVERIFY(!dialog->controls()->cancelButton()->isEnabled());
    // The worker leaves the cancelled diagnosis at its next check, well before it would end.
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->jobs()->workerRunning(), 10000);
    QCOMPARE(dialog->plot()->rowCount(), 0);
  }

  void orbitAnimationsReadBack() {
    ExplorerPage page;
    QVERIFY(showWithResult(page, {640, 480}));
    QTemporaryDir dir;
    const QSize size = page.view()->grabView().size();
    QSignalSpy written(&page, &ExplorerPage::animationWritten);
    for (const char* name : {"orbit.gif", "orbit.mp4"}) {
      const QString path = dir.filePath(name);
      QCOMPARE(page.exportOrbitAnimation(path, 12), QString());  // frames taken, encoding
      QVERIFY(written.wait(60000));
      QCOMPARE(written.last().at(0).toString(), path);
      QCOMPARE(written.last().at(1).toString(), QString());
      QVERIFY(waitUntilIdle(page));
      const VideoFacts facts = readBack(path);
      QCOMPARE(facts.frames, 12);
      QCOMPARE(facts.width, size.width() & ~1);
      QCOMPARE(facts.height, size.height() & ~1);
    }
    if (const QString out = qEnvironmentVariable("GEODEX_SCREENSHOT_DIR"); !out.isEmpty()) {
      QImageReader gif(dir.filePath("orbit.gif"));  // frame 3 of 12: a quarter turn on
      QImage frame;
      for (int k = 0; k <= 3; ++k) frame = gif.read();
      QVERIFY(frame.save(QDir(out).filePath("animation-orbit-frame.png")));
    }
    // Cancelled while the frames are taken: nothing written, the camera as it was.
    double before[3], after[3];
    page.view()->renderer()->GetActiveCamera()->GetPosition(before);
    const QString cancelled = dir.filePath("cancelled.mp4");
    QCOMPARE(page.exportOrbitAnimation(cancelled, 50), QString());
    QTest::qWait(50);
    page.cancel();
    QVERIFY(waitUntilIdle(page));
    QTest::qWait(100);
    QVERIFY(!QFile::exists(cancelled));
    page.view()->renderer()->GetActiveCamera()->GetPosition(after);
    for (int i = 0; i < 3; ++i) QVERIFY(std::abs(after[i] - before[i]) < 1e-9);
    QVERIFY(page.exportOrbitAnimation(dir.filePath("orbit.txt"), 12).contains(".gif"));
    QVERIFY(page.exportOrbitAnimation(dir.filePath("orbit.gif"), 100000).contains("frames"));
    QVERIFY(!QFile::exists(dir.filePath("orbit.txt")));
  }

  void solveRecordingWritesFramesOrNothing() {
    ExplorerPage page;
    QVERIFY(showWithResult(page, {640, 480}));
    ExplorerSettings s = page.settings();
    s.solver = GeodesicSolverKind::Adam;  // 500 iterations: many snapshots
    page.applySettings(s);
    QVERIFY(waitForResult(page));
    QTemporaryDir dir;
    const QString path = dir.filePath("solve.mp4");
    QSignalSpy written(&page, &ExplorerPage::animationWritten);
    QCOMPARE(page.recordSolveAnimation(path), QString());
    QVERIFY(written.wait(60000));
    QCOMPARE(written.first().at(1).toString(), QString());
    QVERIFY(waitUntilIdle(page));
    const VideoFacts facts = readBack(path);
    QVERIFY2(facts.frames >= 3,
             qPrintable(QString::number(facts.frames)));  // before, snapshots, result
    QVERIFY(facts.frames <= ViewAnimationRecorder::kMaxFrames);
    QCOMPARE(facts.width, page.view()->grabView().width() & ~1);

    // Cancelled at once: nothing written.
    const QString cancelled = dir.filePath("cancelled.gif");
    QCOMPARE(page.recordSolveAnimation(cancelled), QString());
    page.cancel();
    QTRY_COMPARE(written.size(), 2);
    QVERIFY(written.last().at(1).toString().contains("nothing written"));
    QVERIFY(!QFile::exists(cancelled));
  }

  // The Tour's σ scene opens the dialog and computes the sphere's default σ list.
  void tourOpensTheSigmaDiagnosis() {
    ExplorerPage page;
    QVERIFY(showOnScreen(page, {900, 600}));
    const std::vector<TourScene> scenes = tourScenes();
    const auto it = std::find_if(scenes.begin(), scenes.end(),
                                 [](const TourScene& t) { return t.opensSigmaDiagnosis; });
    QVERIFY(it != scenes.end());
    QVERIFY(it->caption.contains("Choose σ"));
    // Where a user finds both: File → Export animation…, View → Choose σ…
    QStringList entries;
    for (QAction* action : page.fileActions()) entries << action->text();
    QVERIFY(entries.contains("Export &animation (GIF, MP4)…"));
    QStringList viewEntries;
    for (QAction* action : page.menus().first()->actions()) viewEntries << action->text();
    QVERIFY(viewEntries.contains("Choose &σ…"));
    QVERIFY(page.showTourScene(int(it - scenes.begin())));
    NoiseLevelDialog* dialog = page.showNoiseLevelDialog();
    QSignalSpy shown(dialog, &NoiseLevelDialog::diagnosisShown);
    QVERIFY(shown.wait(60000));
    QCOMPARE(dialog->lastDiagnosis().manifold, std::string("sphere"));
    QCOMPARE(dialog->plot()->rowCount(), 5);
    QVERIFY(waitForResult(page));
    QTest::qWait(200);
    // GEODEX_SCREENSHOT_DIR=docs: the figure of docs/explorer.md.
    if (const QString dir = qEnvironmentVariable("GEODEX_SCREENSHOT_DIR"); !dir.isEmpty())
      QVERIFY(dialog->grab().save(QDir(dir).filePath("screenshot-choose-sigma.png")));
  }
};

GEODEX_VTK_TEST_MAIN(TestExplorerAnimationAndSigma)
#include "test_explorer_animation_and_sigma.moc"
