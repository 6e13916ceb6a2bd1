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

#include "core/data/idx_file.h"
#include "pixel_checks.h"
#include "ui_test_support.h"
#include "ui/background_jobs.h"
#include "ui/geodesic_layer.h"
#include "ui/image_strip_view.h"
#include "ui/main_window.h"
#include "ui/mnist_embedding_scene.h"
#include "ui/mnist_page.h"
#include "ui/vtk_open_gl_widget.h"

using namespace geodex;
using namespace geodex::test;

namespace {

QString slicePath() {
  return QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath("tests/data/mnist-slice-images-idx3-ubyte");
}

}  // namespace

class TestMnistPage : public QObject {
  Q_OBJECT
 public:
  static void initMain() { QSurfaceFormat::setDefaultFormat(VtkOpenGlWidget::defaultFormat()); }

 private slots:
  void runFillsStripsAndEmbedding() {
    MainWindow window;
    window.resize(1300, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
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
    QCOMPARE(int(result.methods.size()), 3);
    QCOMPARE(result.truth.cols(), Eigen::Index(8));
    // Strips: four aligned rows of 8 frames; the geodesic row shows the result's images.
    ImageStripView* strips = page->strips();
    QCOMPARE(strips->rowCount(), 4);
    QCOMPARE(strips->row(0).label, QString("geodesic"));
    QCOMPARE(strips->row(3).label, QString("true rotation"));
    for (int r = 0; r < 4; ++r) QCOMPARE(int(strips->row(r).frames.size()), 8);
    const Eigen::MatrixXd& images = result.method("geodesic").images;
    const QImage& middle = strips->row(0).frames[4];
    QCOMPARE(middle.size(), QSize(28, 28));
    double maxError = 0;
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x)
        maxError = std::max(maxError, std::abs(qGray(middle.pixel(x, y)) / 255.0 -
                                               std::clamp(images(y * 28 + x, 4), 0.0, 1.0)));
    QVERIFY(maxError <= 0.5 / 255 + 1e-9);
    QVERIFY(page->resultLabel()->text().contains("lerp"));

    // The PCA view: the grey rotation curve, the orange true rotations, the green geodesic.
    VtkOpenGlWidget* view = page->embeddingView();
    QTRY_VERIFY(view->framesRendered() > 0);
    const QImage picture = view->grabView().convertToFormat(QImage::Format_RGB32);
    const int grey = countPixels(picture, [](QRgb p) { return isNear(p, 200, 200, 200, 30); });
    const int orange = countPixels(picture, isSampleOrange);
    const int green = countPixels(picture, isGeodesicGreen);
    qInfo("PCA view: %d curve, %d truth, %d geodesic pixels", grey, orange, green);
    QVERIFY(grey > 300);
    QVERIFY(orange > 100);
    QVERIFY(green > 100);

    // Strip and CSV exports read back; an unwritable place gives a message.
    QTemporaryDir dir;
    QCOMPARE(page->exportStrip(dir.filePath("strip.png")), QString());
    const QImage strip(dir.filePath("strip.png"));
    QVERIFY(strip.width() > 8 * 56 && strip.height() > 4 * 56);
    QCOMPARE(page->exportCsv(dir.filePath("paths.csv")), QString());
    QFile csv(dir.filePath("paths.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(QString(csv.readAll()).split('\n', Qt::SkipEmptyParts).size(), 1 + 3 * 8);
    QVERIFY(!page->exportStrip("/nonexistent-directory/s.png").isEmpty());
    QVERIFY(!page->exportCsv("/nonexistent-directory/s.csv").isEmpty());
  }

  void cancelAndBadFiles() {
    MainWindow window;
    window.show();
    MnistPage* page = window.mnistPage();
    QCOMPARE(page->loadImages(slicePath()), QString());
    window.modes()->setCurrentWidget(page);
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

QTEST_MAIN(TestMnistPage)
#include "test_mnist_page.moc"
