// The Rotated MNIST mode under xvfb, on the 30-digit slice committed under tests/data: a run
// fills the strips (geodesic, LERP, SLERP, true rotation) with the result's images and draws
// the rotation curve and the paths in the PCA view; cancel, bad files and exports behave.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "core/data/digit_image.h"
#include "core/data/idx_file.h"
#include "core/data/image_io.h"
#include "core/data/rotated_mnist.h"
#include "pixel_checks.h"
#include "ui_test_support.h"
#include "ui/common/geodesic_layer.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/image_strip_view.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/main_window.h"
#include "ui/mnist/mnist_embedding_scene.h"
#include "ui/mnist/mnist_page.h"

using namespace geodex;
using namespace geodex::test;

namespace {

QString slicePath() {
  return QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath("tests/data/mnist-slice-images-idx3-ubyte");
}

// Shows the window in the Rotated MNIST mode on the slice; null when the slice does not load.
MnistPage* showMnistPage(MainWindow& window) {
  window.show();
  MnistPage* page = window.mnistPage();
  if (!page->loadImages(slicePath()).isEmpty()) return nullptr;
  window.modes()->setCurrentWidget(page);
  return page;
}

}  // namespace

class TestMnistPage : public QObject {
  Q_OBJECT

 private slots:
  void runFillsStripsAndEmbedding() {
    MainWindow window;
    QVERIFY(showOnScreen(window, {1300, 850}));
    MnistPage* page = window.mnistPage();
    QCOMPARE(page->loadImages(slicePath()), QString());
    QCOMPARE(page->digitCount(), 30);
    QVERIFY(!page->lastResult());  // hidden: nothing computed yet
    QSignalSpy shown(page, &MnistPage::resultShown);
    window.modes()->setCurrentWidget(page);
    page->setDigit(3);
    page->setAngles(0, 60);
    page->setPoints(8);
    QVERIFY(shown.wait(60000));
    QVERIFY(waitUntilIdle(*page));
    QCOMPARE(shown.count(), 1);  // the burst of changes made one run

    const RotatedDigitGeodesicResult& result = *page->lastResult();
    // The default method (the pullback metric from the data graph) with the paper's beside it.
    QCOMPARE(int(result.methods.size()), 4);
    QCOMPARE(result.methods[0].method, std::string("pullback-graph"));
    QCOMPARE(result.methods[1].method, std::string("paper-slerp"));
    QCOMPARE(result.truth.cols(), Eigen::Index(8));
    // Strips: five aligned rows of 8 frames; the first row shows the default method's images.
    ImageStripView* strips = page->strips();
    QCOMPARE(strips->rowCount(), 5);
    QCOMPARE(strips->row(0).label, QString("pullback metric, graph start"));
    QVERIFY(strips->row(1).label.startsWith("paper's geodesic"));
    QCOMPARE(strips->row(4).label, QString("true rotation"));
    for (int r = 0; r < 5; ++r) QCOMPARE(int(strips->row(r).frames.size()), 8);
    const Eigen::MatrixXd& images = result.method("pullback-graph").images;
    const QImage& middle = strips->row(0).frames[4];
    QCOMPARE(middle.size(), QSize(28, 28));
    double maxError = 0;
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x)
        maxError = std::max(maxError, std::abs(qGray(middle.pixel(x, y)) / 255.0 -
                                               std::clamp(images(y * 28 + x, 4), 0.0, 1.0)));
    QVERIFY(maxError <= 0.5 / 255 + 1e-9);
    QVERIFY(page->resultLabel()->text().contains("LERP"));
    QVERIFY(page->resultLabel()->text().contains("pullback, graph"));
    QVERIFY(page->resultLabel()->text().contains("(graph "));  // the graph start's cost
    // The reference row: the true rotations with the ends' noise, and its pullback length.
    QVERIFY(page->resultLabel()->text().contains("true rotations (reference)"));
    QVERIFY(page->resultLabel()->text().contains(
        QString::number(result.trueRotations.pullbackLength, 'g', 4)));

    // The PCA view: the grey rotation curve, the orange true rotations, the green default path
    // and the paper's geodesic in yellow.
    VtkOpenGlWidget* view = page->embeddingView();
    QTRY_VERIFY(view->framesRendered() > 0);
    const QImage picture = view->grabView().convertToFormat(QImage::Format_RGB32);
    const int grey = countPixels(picture, [](QRgb p) { return isNear(p, 200, 200, 200, 30); });
    const int orange = countPixels(picture, isSampleOrange);
    const int green = countPixels(picture, isGeodesicGreen);
    const int yellow = countPixels(picture, [](QRgb p) { return isNear(p, 250, 220, 40, 40); });
    qInfo("PCA view: %d curve, %d truth, %d geodesic, %d paper's pixels", grey, orange, green,
          yellow);
    QVERIFY(grey > 300);
    QVERIFY(orange > 100);
    QVERIFY(green > 100);
    QVERIFY(yellow > 30);

    // Strip and CSV exports read back; an unwritable place gives a message.
    QTemporaryDir dir;
    QCOMPARE(page->exportStrip(dir.filePath("strip.png")), QString());
    const QImage strip(dir.filePath("strip.png"));
    QVERIFY(strip.width() > 8 * 56 && strip.height() > 5 * 56);
    QCOMPARE(page->exportCsv(dir.filePath("paths.csv")), QString());
    QFile csv(dir.filePath("paths.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(QString(csv.readAll()).split('\n', Qt::SkipEmptyParts).size(), 1 + 4 * 8);
    QVERIFY(!page->exportStrip("/nonexistent-directory/s.png").isEmpty());
    QVERIFY(!page->exportCsv("/nonexistent-directory/s.csv").isEmpty());
  }

  // The U-Net score (the paper's pipeline: level t, DDIM) with a second digit at the end: no
  // true-rotation row, no ground-truth numbers; a broken model file is a message, not a crash.
  void unetScoreAndTwoDigits() {
    MainWindow window;
    MnistPage* page = showMnistPage(window);
    QVERIFY(page);
    QVERIFY(waitUntilIdle(*page));
    QSignalSpy shown(page, &MnistPage::resultShown);
    page->setPoints(5);
    page->setTimestep(200);
    page->setDdimSteps(4);
    page->setEndDigit(3);
    page->setMethod("score", "slerp");  // the paper's method alone: the U-Net graph is tested in core
    page->setScore("model");
    QVERIFY(shown.wait(180000));
    QVERIFY(waitUntilIdle(*page));
    const RotatedDigitGeodesicResult& r = *page->lastResult();
    QVERIFY2(QString::fromStdString(r.score).contains("unet"), r.score.c_str());
    QCOMPARE(r.truth.cols(), 0);
    QCOMPARE(page->strips()->rowCount(), 3);
    QCOMPARE(page->strips()->row(2).label, QString("SLERP"));
    QVERIFY(page->resultLabel()->text().contains("—"));
    // DDIM from t = 200 brings the ends back to the two digits (digit 7 at 0°, digit 3 at 90°).
    const IdxImages slice = readIdxImages(slicePath().toStdString());
    const Eigen::VectorXd start = rotateImage(idxImageVector(slice, 7), 28, 28, 0);
    const Eigen::VectorXd end = rotateImage(idxImageVector(slice, 3), 28, 28, 90);
    const Eigen::MatrixXd& images = r.method("paper-slerp").images;
    QVERIFY((images.col(0) - start).norm() < (images.col(0) - end).norm());
    QVERIFY((images.col(4) - end).norm() < (images.col(4) - start).norm());

    // Two digits may share their angle (both upright).
    page->setScore("exact");
    page->setAngles(0, 0);
    QVERIFY(shown.wait(60000));
    QVERIFY(waitUntilIdle(*page));
    QCOMPARE(page->lastResult()->truth.cols(), 0);
    QCOMPARE(page->lastResult()->method("lerp").images.cols(), 5);

    page->setScore("model");
    page->setModelPath("/nonexistent/unet.pt");
    page->run();
    QVERIFY(waitUntilIdle(*page));
    QVERIFY2(page->statusLabel()->text().contains("/nonexistent/unet.pt"),
             qPrintable(page->statusLabel()->text()));
    page->setModelPath(MnistPage::defaultModelPath());
    page->setScore("exact");
    QVERIFY(waitUntilIdle(*page));
  }

  // A digit dropped as an image file (any size, dark on white) replaces the grid's digit; a
  // corrupt file is refused with a message and the dropped digit stays.
  void droppedDigitImages() {
    MainWindow window;
    MnistPage* page = showMnistPage(window);
    QVERIFY(page);
    page->setDigit(2);
    page->setPoints(6);
    QVERIFY(waitUntilIdle(*page));

    QTemporaryDir dir;
    const IdxImages slice = readIdxImages(slicePath().toStdString());
    const Eigen::VectorXd source = idxImageVector(slice, 11);
    QImage drawn(28, 28, QImage::Format_Grayscale8);  // dark strokes on white paper
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x)
        drawn.scanLine(y)[x] = uchar(255 - std::lround(source[y * 28 + x] * 255));
    const QString png = dir.filePath("drawn-digit.png");
    QVERIFY(drawn.scaled(84, 84).save(png));
    QSignalSpy shown(page, &MnistPage::resultShown);
    QVERIFY(dropFile(*page->startDropTarget(), png));
    QVERIFY(shown.wait(60000));
    QVERIFY(waitUntilIdle(*page));
    const Eigen::VectorXd expected = digitFromImage(loadRgbImage(png.toStdString()), 28);
    QVERIFY((expected - source).cwiseAbs().mean() < 0.05);  // inverted back to white on black
    // The true rotation row is the dropped digit's, and the denoised start is near it.
    const RotatedDigitGeodesicResult& r = *page->lastResult();
    QVERIFY((r.truth.col(0) - expected).norm() < 1e-9);
    const Eigen::VectorXd grid = idxImageVector(slice, 2);
    const Eigen::VectorXd denoised = r.methods.front().images.col(0);
    QVERIFY((denoised - expected).norm() < (denoised - grid).norm());

    QFile corrupt(dir.filePath("corrupt.png"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("\x89PNG not really");
    corrupt.close();
    dropFile(*page->startDropTarget(), corrupt.fileName());
    QVERIFY(page->statusLabel()->text().contains("corrupt.png"));
    QCOMPARE(page->startDropTarget()->path(), png);  // the dropped digit stays
    QVERIFY(waitUntilIdle(*page));
    QVERIFY((page->lastResult()->truth.col(0) - expected).norm() < 1e-9);
  }

  void cancelAndBadFiles() {
    MainWindow window;
    MnistPage* page = showMnistPage(window);
    QVERIFY(page);
    QVERIFY(waitUntilIdle(*page));
    page->setPoints(30);
    page->run();
    QVERIFY(!page->isIdle());
    page->cancelButton()->click();
    QVERIFY(page->isIdle());

    QTemporaryDir dir;
    QFile corrupt(dir.filePath("bad-idx3-ubyte"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("not an IDX file at all");
    corrupt.close();
    const QString error = page->loadImages(corrupt.fileName());
    QVERIFY2(error.contains("bad-idx3-ubyte"), qPrintable(error));
    QVERIFY(!page->loadImages(dir.filePath("missing")).isEmpty());
    QCOMPARE(page->digitCount(), 30);  // the loaded digits stay
    page->run();
    QVERIFY(waitUntilIdle(*page));
    QVERIFY(page->lastResult().has_value());
  }
};

GEODEX_VTK_TEST_MAIN(TestMnistPage)
#include "test_mnist_page.moc"
