// The explorer's exponential-map fan and geodesic distance field, under xvfb: the fan
// drawn in pink and white around its origin, on the sphere at λ = 1000 and round circles under
// the Euclidean metric; the distance field's colours where they belong (violet at the source,
// yellow far away), its iso-lines, and a click that reads off a distance; their settings.
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <functional>

#include "core/util/errors.h"
#include "explorer_test_support.h"
#include "pixel_checks.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/distance_field_layer.h"
#include "ui/explorer/explorer_page.h"
#include "ui/explorer/exponential_fan_layer.h"
#include "ui/main_window.h"

using namespace geodex;
using namespace geodex::test;

namespace {

// Where a world point appears in the view (widget pixels; the grab has ratio 1 under xvfb).
QPoint onScreen(MainWindow& window, const Eigen::Vector3d& world) {
  vtkRenderer* renderer = window.explorer()->view()->renderer();
  renderer->SetWorldPoint(world.x(), world.y(), world.z(), 1.0);
  renderer->WorldToDisplay();
  const double* display = renderer->GetDisplayPoint();
  const qreal ratio = window.explorer()->view()->devicePixelRatioF();
  return {qRound(display[0] / ratio),
          qRound(window.explorer()->view()->height() - display[1] / ratio)};
}

// The fan's pink (ExponentialFanLayer::kRayColour): red strong, blue well present but below red
// (the samples' orange has no blue, the glyphs' violet more blue than red), green low.
bool isFanPink(QRgb p) {
  const int r = qRed(p), g = qGreen(p), b = qBlue(p);
  return r >= 150 && b >= 0.45 * r && b <= 0.9 * r && g <= 0.6 * r;
}

// The geodesic circles' white, unlit.
bool isWavefrontWhite(QRgb p) {
  return qRed(p) >= 225 && qGreen(p) >= 225 && qBlue(p) >= 225;
}

// The distance colour map's ends (DistanceFieldLayer::kNearColour / kFarColour), lit.
bool isNearViolet(QRgb p) {
  const int r = qRed(p), g = qGreen(p), b = qBlue(p);
  return g < 80 && b > g + 30 && r > g && r < 150 && b < 200;
}
bool isFarYellow(QRgb p) {
  return qRed(p) >= 200 && qGreen(p) >= 180 && qBlue(p) <= 120;
}
bool isIsoLineDark(QRgb p) {
  return qRed(p) < 30 && qGreen(p) < 30 && qBlue(p) < 30;
}

ExplorerSettings sphereFan(MetricKind metric) {
  ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
  s.metric.kind = metric;
  s.showFan = true;
  s.fanLength = 1.5;
  s.showEllipsoids = false;
  return s;
}

ExplorerSettings circleField() {
  ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Circle);
  s.from = {1, 0, 0};
  s.to = {0, 1, 0};
  s.metric.kind = MetricKind::Euclidean;  // exact distances: |x − (1, 0)|
  s.showDistanceField = true;
  s.distanceResolution = 81;
  s.showEllipsoids = false;
  return s;
}

}  // namespace

class TestExplorerFan : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sphereFanIsDrawnAroundItsOriginAndStaysOnTheSphere() {
    MainWindow window;
    QVERIFY(showWithResult(window, {1100, 750}));
    ExplorerSettings without = sphereFan(MetricKind::Score);
    without.showFan = false;
    window.explorer()->applySettings(without);
    QVERIFY(waitForResult(window));
    window.explorer()->view()->requestRender();
    QTest::qWait(50);
    const QImage before = grabView(window);
    window.explorer()->applySettings(sphereFan(MetricKind::Score));
    QVERIFY(waitForResult(window));
    QTRY_VERIFY(window.explorer()->fan()->isVisible());
    ExponentialFanLayer* fan = window.explorer()->fan();
    QCOMPARE(int(fan->rays()->GetNumberOfCells()), 24);
    // λ = 1000 keeps every drawn ray on the unit sphere.
    const Eigen::MatrixXd rays = polylinePoints(fan->rays(), 3);
    QVERIFY((rays.colwise().norm().array() - 1.0).abs().maxCoeff() < 0.02);
    QVERIFY(fan->caption().contains("round under the Euclidean metric"));

    window.explorer()->view()->requestRender();
    QTest::qWait(50);
    const QImage view = grabView(window);
    const int pink = countPixels(view, isFanPink) - countPixels(before, isFanPink);
    const int white = countPixels(view, isWavefrontWhite) - countPixels(before, isWavefrontWhite);
    qInfo("fan pixels: %d more pink (%d before), %d more white", pink,
          countPixels(before, isFanPink), white);
    QVERIFY(pink > 800);
    QVERIFY(white > 300);
    // Around the origin (1, 0, 0): the pink reaches both sides of it on screen.
    const QRect box = boundingRect(view, [&](QRgb p) { return isFanPink(p); });
    const QPoint origin = onScreen(window, {1, 0, 0});
    QVERIFY2(box.adjusted(-2, -2, 2, 2).contains(origin), "the fan surrounds its origin");
    QVERIFY(box.width() > 150 && box.height() > 150);

    // Euclidean: straight rays in the tangent plane, the circles round about the origin.
    window.explorer()->applySettings(sphereFan(MetricKind::Euclidean));
    QVERIFY(waitForResult(window));
    QTRY_VERIFY(fan->isVisible());
    const Eigen::MatrixXd fronts = polylinePoints(fan->wavefronts(), 3);
    QCOMPARE(fronts.cols(), Eigen::Index(4 * 25));
    for (int j = 0; j < 4; ++j) {
      const Eigen::ArrayXd radius =
          (fronts.middleCols(25 * j, 25).colwise() - Eigen::Vector3d(1, 0, 0)).colwise().norm();
      QVERIFY((radius - 0.375 * (j + 1)).abs().maxCoeff() < 1e-6);
    }
  }

  void distanceFieldColoursIsoLinesAndReadOff() {
    MainWindow window;
    QVERIFY(showWithResult(window, {1100, 750}));
    ExplorerSettings settings = circleField();
    settings.showFan = true;  // the 2D fan too: rays in the plane
    window.explorer()->applySettings(settings);
    QVERIFY(waitForResult(window));
    QTRY_VERIFY(window.explorer()->distanceField()->isVisible());
    QTRY_VERIFY(window.explorer()->fan()->isVisible());
    const Eigen::MatrixXd rays = polylinePoints(window.explorer()->fan()->rays(), 3);
    QVERIFY(rays.row(2).cwiseAbs().maxCoeff() == 0.0);
    DistanceFieldLayer* layer = window.explorer()->distanceField();
    // The top of the bar: the largest distance on the circle, its diameter (within the grid's
    // 2.75 %).
    QVERIFY(std::abs(layer->colourTop() - 2.0) < 0.06);
    QVERIFY(!layer->clipped());
    QVERIFY(layer->isoLines()->GetNumberOfPoints() > 100);

    window.explorer()->view()->requestRender();
    QTest::qWait(50);
    const QImage view = grabView(window);
    // The field's colour about a world point: of the pixels within 4 px that are not an iso-line
    // or its anti-aliased edge, a fan ray or a circle (where they fall on screen changes with the
    // view's size), the share that `colour` holds.
    const auto shareAround = [&](const Eigen::Vector3d& world,
                                 const std::function<bool(QRgb)>& colour) {
      const QPoint centre = onScreen(window, world);
      int field = 0, matching = 0;
      for (int y = centre.y() - 4; y <= centre.y() + 4; ++y)
        for (int x = centre.x() - 4; x <= centre.x() + 4; ++x) {
          if (!view.valid(x, y)) continue;
          const QRgb p = view.pixel(x, y);
          if (std::max({qRed(p), qGreen(p), qBlue(p)}) < 60 || isFanPink(p) || isWavefrontWhite(p))
            continue;
          ++field;
          matching += colour(p) ? 1 : 0;
        }
      return field > 20 ? double(matching) / field : 0.0;
    };
    // Near the source (0.18 away below it, between two rays, clear of its white ball, of the
    // circle's samples and of the geodesic, which leaves it upwards): violet.
    const double near = shareAround({0.857, -0.110, 0}, isNearViolet);
    QVERIFY2(near > 0.6, qPrintable(QString::number(near)));
    // A corner of the box, 2.6 away: beyond the bar's top, yellow.
    const double far = shareAround({-1.25, -1.25, 0}, isFarYellow);
    QVERIFY2(far > 0.9, qPrintable(QString::number(far)));
    QVERIFY(countPixels(view, isIsoLineDark) > 300);
    QVERIFY(countPixels(view, isFarYellow) > 2000);

    // A click reads off the distance and moves the second endpoint; the source stays.
    QSignalSpy messages(window.explorer(), &ModePage::statusMessage);
    QTest::mouseClick(window.explorer()->view(), Qt::LeftButton, {}, onScreen(window, {-1, 0, 0}));
    QVERIFY(!messages.isEmpty());
    const QString message = messages.last().first().toString();
    QVERIFY2(message.startsWith("Geodesic distance from the first endpoint"), qPrintable(message));
    const double shown = message.section(": ", 1).section(' ', 0, 0).toDouble();
    QVERIFY2(std::abs(shown - 2.0) < 0.06, qPrintable(message));
    QCOMPARE(window.explorer()->settings().from, Eigen::Vector3d(1, 0, 0));
    QVERIFY((window.explorer()->settings().to - Eigen::Vector3d(-1, 0, 0)).norm() < 0.1);
    QVERIFY(waitForResult(window));
    // The field was not recomputed: its source did not move.
    QVERIFY(window.explorer()->distanceField()->isVisible());
  }

  void settingsRoundTripAndRefuseBadValues() {
    ExplorerSettings s = circleField();
    s.showFan = true;
    s.fanRays = 36;
    s.fanLength = 2.5;
    const QJsonObject json = s.toJson();
    QCOMPARE(json["show_fan"].toBool(), true);
    QCOMPARE(json["fan_rays"].toInt(), 36);
    QCOMPARE(json["fan_length"].toDouble(), 2.5);
    QCOMPARE(json["show_distance_field"].toBool(), true);
    QCOMPARE(json["distance_resolution"].toInt(), 81);
    QCOMPARE(ExplorerSettings::fromJson(json), s);
    QCOMPARE(s.fanOptions().rays, 36);
    QCOMPARE(s.distanceFieldOptions().resolution, 81);
    ExplorerSettings bad = s;
    bad.fanRays = 100000;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, bad.validated());
    bad = s;
    bad.fanLength = std::nan("");
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, bad.validated());
    bad = s;
    bad.distanceResolution = 5000;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, bad.validated());
    ExplorerSettings helix = ExplorerSettings::defaultsFor(ManifoldKind::Helix);
    helix.showDistanceField = true;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, helix.validated());
  }
};

GEODEX_VTK_TEST_MAIN(TestExplorerFan)
#include "test_explorer_fan.moc"
