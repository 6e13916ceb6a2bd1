// The main window shows core's sphere with its samples: in a grab of the window, the VTK view
// holds many orange sample pixels, the grey sphere surface and the dark background.
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

#include "pixel_checks.h"
#include "ui_test_support.h"
#include "ui/common/view_background.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/explorer_page.h"
#include "ui/images/images_page.h"
#include "ui/mnist/mnist_page.h"
#include "ui/main_window.h"

using geodex::ExplorerPage;
using geodex::ImagesPage;
using geodex::MnistPage;
using geodex::MainWindow;
using geodex::kViewBackgroundColour;
using geodex::VtkOpenGlWidget;
using namespace geodex::test;

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void viewShowsSphereAndSamples() {
    MainWindow window;
    QVERIFY(showOnScreen(window, {1100, 750}));
    VtkOpenGlWidget* view3d = window.explorer()->view();
    QTRY_VERIFY(view3d->framesRendered() > 0);

    const QImage grab = window.grab().toImage();
    const qreal ratio = grab.devicePixelRatio();
    // The VTK view's rectangle in window coordinates (it sits inside tabs and a splitter).
    const QRect viewRect(view3d->mapTo(&window, QPoint(0, 0)), view3d->size());
    const QImage view = grab.copy(QRect(viewRect.topLeft() * ratio, viewRect.size() * ratio))
                            .convertToFormat(QImage::Format_RGB32);
    QVERIFY(view.width() > 600 && view.height() > 400);

    const auto* bg = kViewBackgroundColour;
    const QRgb background = qRgb(bg[0], bg[1], bg[2]);
    const int area = view.width() * view.height();
    const int orange = countPixels(view, isSampleOrange);
    const int surface = countPixels(view, [&](QRgb p) { return isSurfaceGrey(p, background); });
    const int backgroundPixels =
        countPixels(view, [&](QRgb p) { return isNear(p, bg[0], bg[1], bg[2], 4); });
    qInfo("view %dx%d: %d orange, %d surface, %d background pixels, %d colours", view.width(),
          view.height(), orange, surface, backgroundPixels, distinctColours(view));
    QVERIFY(orange > 3000);                // 400 samples of ~6 px radius, some hidden
    QVERIFY(surface > area / 10);          // the sphere covers a good part of the view
    QVERIFY(backgroundPixels > area / 5);  // around it, the background
    QVERIFY(distinctColours(view) > 100);  // shaded, not a flat fill
    QVERIFY(isNear(view.pixel(2, 2), bg[0], bg[1], bg[2], 4));

    // The sphere is framed in the middle of the view.
    const QRect samples = boundingRect(view, isSampleOrange);
    QVERIFY(std::abs(samples.center().x() - view.width() / 2) < view.width() / 10);
    QVERIFY(std::abs(samples.center().y() - view.height() / 2) < view.height() / 10);
    QVERIFY(samples.height() > view.height() / 2);

    QVERIFY(window.statusBar()->currentMessage().contains("sphere"));
    QVERIFY(window.statusBar()->currentMessage().contains("LibTorch device"));
  }

  // The menus are the current page's: File lists its actions, its own menus sit beside File.
  void menusFollowTheCurrentPage() {
    MainWindow window;
    window.show();
    const auto menuTitles = [&] {
      QStringList titles;
      for (QAction* action : window.menuBar()->actions()) titles << action->text();
      return titles;
    };
    const auto fileEntries = [&] {
      QStringList entries;
      for (QAction* action : window.menuBar()->actions().first()->menu()->actions())
        if (!action->isSeparator()) entries << action->text();
      return entries;
    };
    QCOMPARE(menuTitles(), (QStringList{"&File", "&View", "&Tour"}));
    QVERIFY(fileEntries().contains("&Save session…"));
    QVERIFY(fileEntries().contains("Export paths as &VTP (ParaView)…"));
    QCOMPARE(fileEntries().last(), QString("&Quit"));

    window.modes()->setCurrentWidget(window.mnistPage());
    QCOMPARE(menuTitles(), QStringList{"&File"});
    QVERIFY(fileEntries().contains("Export strip as &PNG…"));
    QVERIFY(!fileEntries().contains("&Save session…"));
    QVERIFY(window.statusBar()->currentMessage().startsWith("Rotated MNIST"));

    window.modes()->setCurrentWidget(window.imagesPage());
    QVERIFY(fileEntries().contains("Open Stable Diffusion &model…"));
    QVERIFY(fileEntries().contains("Export animated &GIF…"));
    QCOMPARE(fileEntries().last(), QString("&Quit"));

    window.modes()->setCurrentWidget(window.explorer());
    QCOMPARE(menuTitles(), (QStringList{"&File", "&View", "&Tour"}));
    QVERIFY(window.statusBar()->currentMessage().contains("LibTorch device"));
  }
};

GEODEX_VTK_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
