// Dropping files on an ImageDropTarget (synthesised drag-and-drop events, as a file manager
// sends them): a real photo loads and shows; a corrupt file is refused with a message naming it
// and the previous image stays.
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "ui/common/image_drop_target.h"
#include "ui_test_support.h"

using geodex::ImageDropTarget;
using geodex::test::dropFile;

class TestImageDropTarget : public QObject {
  Q_OBJECT
 private slots:
  void dropLoadsAPhotoAndRefusesACorruptFile() {
    ImageDropTarget target("First image");
    target.resize(200, 200);
    target.show();
    QSignalSpy changed(&target, &ImageDropTarget::imageChanged);
    QSignalSpy failed(&target, &ImageDropTarget::loadFailed);
    QVERIFY(!target.hasImage());

    QVERIFY(dropFile(target, geodex::test::demoPhoto("chelsea.png")));
    QCOMPARE(changed.count(), 1);
    QVERIFY(target.hasImage());
    QVERIFY(target.image().rows > 50 && target.image().cols > 50);
    QVERIFY(!target.pixmap().isNull());  // the photo is shown
    // The converted picture keeps the photo's colours (not a grey or black placeholder).
    const QImage shown = ImageDropTarget::toQImage(target.image());
    QCOMPARE(shown.size(), QSize(target.image().cols, target.image().rows));
    int colourful = 0;
    for (int y = 0; y < shown.height(); y += 4)
      for (int x = 0; x < shown.width(); x += 4) {
        const QColor c = shown.pixelColor(x, y);
        colourful += c.saturation() > 60;
      }
    QVERIFY(colourful > 50);

    QTemporaryDir dir;
    QFile corrupt(dir.filePath("broken.png"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("\x89PNG but not really");
    corrupt.close();
    dropFile(target, corrupt.fileName());
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.first().first().toString().contains("broken.png"),
             qPrintable(failed.first().first().toString()));
    QCOMPARE(target.path(), geodex::test::demoPhoto("chelsea.png"));  // the previous image stays
    QCOMPARE(changed.count(), 1);

    // Non-file drags are not accepted at all.
    QMimeData text;
    text.setText("hello");
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&target, &enter);
    QVERIFY(!enter.isAccepted());
  }
};

QTEST_MAIN(TestImageDropTarget)
#include "test_image_drop_target.moc"
