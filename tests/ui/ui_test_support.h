#pragma once
// What the UI tests share besides pixel checks: a main() for tests with VTK views, showing a
// window, waiting for background work, the demo photos, and a file dropped on a widget the way
// a file manager drops it.
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QMimeData>
#include <QTest>
#include <QSurfaceFormat>
#include <QUrl>

#include "ui/common/vtk_open_gl_widget.h"

// QTEST_MAIN for tests with VTK views: VTK's OpenGL format has to be the default before the
// QApplication exists.
#define GEODEX_VTK_TEST_MAIN(TestObject)                                                       \
  QTEST_MAIN_WRAPPER(TestObject,                                                               \
                     QSurfaceFormat::setDefaultFormat(geodex::VtkOpenGlWidget::defaultFormat()); \
                     QTEST_MAIN_SETUP())

namespace geodex::test {

// Shows `window` (at `size` when given) and waits until it is on screen.
inline bool showOnScreen(QWidget& window, QSize size = {}) {
  if (size.isValid()) window.resize(size);
  window.show();
  return QTest::qWaitForWindowExposed(&window);
}

// Runs the event loop until `page.isIdle()` or the timeout; returns whether it became idle.
template <class Page>
bool waitUntilIdle(const Page& page, int timeoutMs = 60000) {
  QElapsedTimer timer;
  timer.start();
  QTest::qWait(1);
  while (!page.isIdle() && timer.elapsed() < timeoutMs) QTest::qWait(10);
  return page.isIdle();
}

// A free-licence photo shipped in resources/images (ctest sets GEODEX_SOURCE_DIR).
inline QString demoPhoto(const char* name) {
  return QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath(QString("resources/images/") + name);
}

// Sends the drag-enter and drop a file manager would send; true when the drop was accepted.
inline bool dropFile(QWidget& target, const QString& path) {
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  const QPoint centre = target.rect().center();
  QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&target, &enter);
  if (!enter.isAccepted()) return false;
  QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(&target, &drop);
  return drop.isAccepted();
}

}  // namespace geodex::test
