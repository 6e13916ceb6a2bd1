#pragma once
// What the UI tests share besides pixel checks: waiting for background work, the demo photos,
// and a file dropped on a widget the way a file manager drops it.
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QMimeData>
#include <QTest>
#include <QUrl>

namespace geodex::test {

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
