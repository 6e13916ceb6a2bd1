// ImageStripView lays frames out in aligned rows: composed pictures put each frame's pixels where
// the layout says, and the widget paints them scaled to fit.
#include <QTest>

#include "ui/common/image_strip_view.h"

using geodex::ImageStripView;

namespace {

QImage filled(QColor colour, QSize size = {20, 10}) {
  QImage image(size, QImage::Format_RGB32);
  image.fill(colour);
  return image;
}

}  // namespace

class TestImageStripView : public QObject {
  Q_OBJECT
 private slots:
  void composePlacesEveryFrame() {
    ImageStripView view;
    view.setRows({{"", {filled(Qt::red), filled(Qt::green), filled(Qt::blue)}},
                  {"", {filled(Qt::yellow), filled(Qt::cyan)}}});
    const int gap = 4, margin = 6;
    const QImage strip = view.compose({}, gap);
    QCOMPARE(strip.size(), QSize(2 * margin + 3 * 20 + 2 * gap, 2 * margin + 2 * 10 + gap));
    const auto centre = [&](int row, int column) {
      return strip.pixelColor(margin + column * (20 + gap) + 10, margin + row * (10 + gap) + 5);
    };
    QCOMPARE(centre(0, 0), QColor(Qt::red));
    QCOMPARE(centre(0, 1), QColor(Qt::green));
    QCOMPARE(centre(0, 2), QColor(Qt::blue));
    QCOMPARE(centre(1, 0), QColor(Qt::yellow));
    QCOMPARE(centre(1, 1), QColor(Qt::cyan));
    QVERIFY(centre(1, 2) != QColor(Qt::cyan));  // the short row leaves background

    // Scaled composition, and a row replaced in place.
    view.setRow(1, {"", {filled(Qt::magenta), filled(Qt::magenta), filled(Qt::magenta)}});
    const QImage big = view.compose(QSize(40, 20), 0);
    QCOMPARE(big.size(), QSize(2 * margin + 120, 2 * margin + 40));
    QCOMPARE(big.pixelColor(margin + 100, margin + 30), QColor(Qt::magenta));
    QCOMPARE(view.rowCount(), 2);
  }

  void labelsWidenTheComposition() {
    ImageStripView view;
    view.setRows({{"geodesic", {filled(Qt::red)}}});
    QVERIFY(view.compose().width() > 2 * 6 + 20 + 20);
  }

  void paintsScaledFrames() {
    ImageStripView view;
    view.resize(400, 200);
    view.setRows({{"a", {filled(Qt::red), filled(Qt::green)}}});
    const QImage picture = view.grab().toImage();
    int red = 0, green = 0;
    for (int y = 0; y < picture.height(); ++y)
      for (int x = 0; x < picture.width(); ++x) {
        const QColor c = picture.pixelColor(x, y);
        red += c == QColor(Qt::red);
        green += c == QColor(Qt::green);
      }
    QVERIFY(red > 20 * 10 * 4);  // scaled up from 20×10
    QVERIFY(std::abs(red - green) < red / 10);
  }
};

QTEST_MAIN(TestImageStripView)
#include "test_image_strip_view.moc"
