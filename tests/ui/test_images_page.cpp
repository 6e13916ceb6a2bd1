// The Images mode end to end on a stand-in Stable Diffusion folder (tests/support/sd_stand_in.h:
// TorchScript parts built with torch::jit::Module::define, 32×32 images): two photos dropped
// on the window with synthesised drag-and-drop events, a model folder opened in the background,
// a run that fills one strip row per method with the pipeline's frames, exports, bad folders.
#include <QDir>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "tests/support/sd_stand_in.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/image_strip_view.h"
#include "ui/common/run_controls.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/images/images_page.h"
#include "ui/main_window.h"
#include "pixel_checks.h"
#include "ui_test_support.h"

using namespace geodex;
using namespace geodex::test;

class TestImagesPage : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void dropRunAndExport() {
    QTemporaryDir dir;
    const QString model = dir.filePath("model");
    test::writeStandInModel(model.toStdString());

    MainWindow window;
    QVERIFY(showOnScreen(window, {1300, 850}));
    ImagesPage* page = window.imagesPage();
    window.modes()->setCurrentWidget(page);

    // Nothing yet: Run says what is missing.
    page->run();
    QVERIFY(page->statusLabel()->text().contains("model"));

    QSignalSpy loaded(page, &ImagesPage::modelLoaded);
    page->openModel(model);
    QVERIFY(loaded.wait(30000));
    QVERIFY(page->hasModel());
    dropFile(*page->targetA(), demoPhoto("chelsea.png"));
    dropFile(*page->targetB(), demoPhoto("coffee.png"));
    QVERIFY(page->targetA()->hasImage() && page->targetB()->hasImage());

    QSignalSpy shown(page, &ImagesPage::resultShown);
    page->setPoints(5);
    page->run();
    QVERIFY(shown.wait(60000));
    QVERIFY(waitUntilIdle(*page));
    const ImageInterpolationResult& result = *page->lastResult();
    QCOMPARE(int(result.paths.size()), 4);  // geodesic, LERP, SLERP, NoiseDiffusion
    ImageStripView* strips = page->strips();
    QCOMPARE(strips->rowCount(), 4);
    QCOMPARE(strips->row(0).label, QString("geodesic"));
    for (int r = 0; r < 4; ++r) {
      QCOMPARE(int(strips->row(r).frames.size()), 5);
      // Each shown frame is the pipeline's frame (32×32, same colours).
      const QImage expected = ImageDropTarget::toQImage(result.paths[r].frames[2]);
      QCOMPARE(strips->row(r).frames[2], expected);
    }

    QCOMPARE(page->exportStrip(dir.filePath("strip.png")), QString());
    QVERIFY(!QImage(dir.filePath("strip.png")).isNull());
    // The GIF stacks all four methods (32×32 each) under one another, a label band on the left.
    QCOMPARE(page->exportGif(dir.filePath("path.gif")), QString());
    QImageReader gif(dir.filePath("path.gif"));
    QCOMPARE(gif.imageCount(), 5);
    const QImage firstFrame = gif.read();
    QCOMPARE(firstFrame.height(), 4 * 32);
    QVERIFY(firstFrame.width() > 32);
    // One subfolder of five frames per method, named as in the strip.
    QCOMPARE(page->exportFrames(dir.filePath("frames")), QString());
    const QStringList methodFolders = QDir(dir.filePath("frames")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(methodFolders, (QStringList{"geodesic", "lerp", "noisediffusion", "slerp"}));
    for (const QString& method : methodFolders)
      QCOMPARE(QDir(dir.filePath("frames/" + method)).entryList(QDir::Files).size(), 5);
    // lerp/frame_002.png is LERP's third frame (±1 of 255: the PNG and Qt round differently).
    const QImage lerpFrame = QImage(dir.filePath("frames/lerp/frame_002.png")).convertToFormat(QImage::Format_RGB32);
    const QImage expectedLerp = ImageDropTarget::toQImage(result.paths[1].frames[2]);
    QCOMPARE(lerpFrame.size(), expectedLerp.size());
    for (int y = 0; y < lerpFrame.height(); ++y)
      for (int x = 0; x < lerpFrame.width(); ++x) {
        const QRgb expected = expectedLerp.pixel(x, y);
        QVERIFY(isNear(lerpFrame.pixel(x, y), qRed(expected), qGreen(expected), qBlue(expected), 1));
      }
    QVERIFY(!page->exportGif("/nonexistent-directory/x.gif").isEmpty());
  }

  // A real Stable Diffusion 1.x checkpoint (tiny, random weights, checked against the reference
  // implementation in test_sd_networks), dropped on the page: it loads in the background and the
  // page says what it holds; an image target leaves it alone; the image size applies at once;
  // a run fills the strips. The window is grabbed to docs when GEODEX_SCREENSHOT_DIR is set.
  void checkpointDroppedOnThePage() {
    const QString checkpoint =
        QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath("tests/data/stable_diffusion/sd1_tiny.safetensors");
    MainWindow window;
    QVERIFY(showOnScreen(window, {1300, 850}));
    ImagesPage* page = window.imagesPage();
    window.modes()->setCurrentWidget(page);
    page->imageSizeBox()->setValue(32);  // the tiny model at 32 px: 16 × 16 latents
    // Dropped on an image target, a checkpoint is not taken for an image: the page behind it
    // opens it as the model.
    QSignalSpy loaded(page, &ImagesPage::modelLoaded);
    QVERIFY(dropFile(*page->targetA(), checkpoint));
    QVERIFY(loaded.wait(30000));
    QVERIFY(!page->targetA()->hasImage());
    QVERIFY(page->hasModel());
    const QString summary = page->modelSummary();
    QVERIFY2(summary.contains("SD 1.x (ε-prediction)") && summary.contains("F16") &&
                 summary.contains("float32 on cpu") && summary.contains("32 px images"),
             qPrintable(summary));
    QVERIFY(window.findChildren<QLabel*>().size() > 0);
    bool shown = false;
    for (const QLabel* label : page->findChildren<QLabel*>()) shown |= label->text().contains("SD 1.x");
    QVERIFY(shown);
    // Another size: the same weights, other latents.
    page->imageSizeBox()->setValue(64);
    Q_EMIT page->imageSizeBox()->editingFinished();
    QVERIFY2(page->modelSummary().contains("latents 4 × 32 × 32"), qPrintable(page->modelSummary()));
    page->imageSizeBox()->setValue(32);
    Q_EMIT page->imageSizeBox()->editingFinished();

    dropFile(*page->targetA(), demoPhoto("chelsea.png"));
    dropFile(*page->targetB(), demoPhoto("coffee.png"));
    QSignalSpy done(page, &ImagesPage::resultShown);
    page->setPoints(3);
    page->run();
    QVERIFY2(done.wait(120000), qPrintable(page->findChild<RunControls*>()->statusLabel()->text()));
    QVERIFY(waitUntilIdle(*page));
    QCOMPARE(page->strips()->rowCount(), 4);
    QCOMPARE(page->strips()->row(0).frames[0].size(), QSize(32, 32));
    if (const QString folder = qEnvironmentVariable("GEODEX_SCREENSHOT_DIR"); !folder.isEmpty())
      // 256 colours: the strip of noise would otherwise make an 860 kB picture for the docs.
      window.grab().toImage().convertToFormat(QImage::Format_Indexed8).save(
          QDir(folder).filePath("screenshot-images.png"));
  }

  // Cancel while the model loads: the page holds no model and says so.
  void loadingCanBeCancelled() {
    ImagesPage page;
    page.imageSizeBox()->setValue(32);
    QSignalSpy loaded(&page, &ImagesPage::modelLoaded);
    page.openModel(QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath("tests/data/stable_diffusion/sd1_tiny_diffusers"));
    page.cancel();
    QVERIFY(waitUntilIdle(page));
    QVERIFY(!page.hasModel());
    QCOMPARE(loaded.count(), 0);
    QVERIFY2(page.statusLabel()->text().contains("Cancelled"), qPrintable(page.statusLabel()->text()));
  }

  void badModelFolderGivesAMessage() {
    QTemporaryDir dir;
    ImagesPage page;
    QSignalSpy failed(&page, &ImagesPage::failed);
    page.openModel(dir.filePath("no-such-folder"));
    QVERIFY(failed.wait(30000));
    QVERIFY2(failed.first().first().toString().contains("no-such-folder"),
             qPrintable(failed.first().first().toString()));
    QVERIFY(!page.hasModel());
    QVERIFY(waitUntilIdle(page));
  }
};

GEODEX_VTK_TEST_MAIN(TestImagesPage)
#include "test_images_page.moc"
