// The geodesic distance field (core/geometry/geodesic_distance_field.h) and the scene's grids
// (SyntheticScene::distanceField): exact answers under the Euclidean metric (the 4-stencil gives
// the Manhattan distance, 8 and 16 stay within their stated bounds of the true distance), arc
// lengths on the circle under the score metric and on the sphere's surface grid, bad input.
#include <QTest>
#include <atomic>
#include <cmath>
#include <numbers>

#include "core/geometry/euclidean_metric.h"
#include "core/geometry/geodesic_distance_field.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/util/errors.h"

using namespace geodex;

namespace {

SyntheticSceneOptions scene(ManifoldKind manifold, MetricKind metric) {
  SyntheticSceneOptions o;
  o.manifold = manifold;
  o.score.source = ScoreSource::Analytic;
  o.score.sigma = 0.1;
  o.metric.kind = metric;
  o.metric.lambda = 1000;
  return o;
}

}  // namespace

class TestGeodesicDistanceField : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void euclideanPlaneWithinTheStencilsBounds() {
    const EuclideanMetric metric(2);
    const DistanceGrid grid = DistanceGrid::plane({-1, -1}, {1, 1}, 41, 41);
    const Eigen::Vector2d source(0, 0);  // node (20, 20)
    // Largest relative excess of a shortest grid path over the straight line, 1/cos(gap/2) − 1
    // for the largest angle gap between stencil directions (45° with 8, 26.57° with 16).
    const std::pair<int, double> bounds[] = {{8, 1 / std::cos(std::numbers::pi / 8) - 1},
                                             {16, 1 / std::cos(std::atan(0.5) / 2) - 1}};
    for (const auto& [stencil, bound] : bounds) {
      GeodesicDistanceFieldOptions o;
      o.stencil = stencil;
      const GeodesicDistanceFieldResult r = computeGeodesicDistanceField(metric, grid, source, o);
      QCOMPARE(r.source, 20 * 41 + 20);
      QCOMPARE(r.distance[r.source], 0.0);
      const Eigen::ArrayXd exact =
          (grid.nodes.colwise() - Eigen::VectorXd(source)).colwise().norm();
      const Eigen::ArrayXd excess = (r.distance.array() - exact) / exact.max(1e-300);
      QVERIFY(r.distance.minCoeff() >= 0.0);
      QVERIFY((r.distance.array() >= exact - 1e-12).all());  // no path beats the straight line
      QVERIFY(excess.maxCoeff() <= bound + 1e-12);
      qInfo("stencil %d: largest relative excess %.4f (bound %.4f), mean %.4f", stencil,
            excess.maxCoeff(), bound, excess.mean());
      // Along the stencil's own directions the grid distance is exact.
      QVERIFY(std::abs(r.distanceNear(Eigen::Vector2d(1, 1)) - std::sqrt(2.0)) < 1e-12);
      QVERIFY(std::abs(r.distanceNear(Eigen::Vector2d(-1, 0)) - 1.0) < 1e-12);
      if (stencil == 16)
        QVERIFY(std::abs(r.distanceNear(Eigen::Vector2d(1, 0.5)) - std::sqrt(1.25)) < 1e-12);
    }
    // Four neighbours: the Manhattan distance, exactly.
    GeodesicDistanceFieldOptions four;
    four.stencil = 4;
    const GeodesicDistanceFieldResult r = computeGeodesicDistanceField(metric, grid, source, four);
    const Eigen::ArrayXd manhattan =
        (grid.nodes.colwise() - Eigen::VectorXd(source)).cwiseAbs().colwise().sum();
    QVERIFY((r.distance.array() - manhattan).abs().maxCoeff() < 1e-12);
  }

  void circleArcLengthsUnderTheScoreMetric() {
    const SyntheticSceneOptions options = scene(ManifoldKind::Circle, MetricKind::Score);
    SyntheticScene s(options);
    GeodesicDistanceFieldOptions o;
    o.resolution = 161;
    const GeodesicDistanceFieldResult r = s.distanceField(options.metric, Eigen::Vector2d(1, 0), o);
    qInfo("circle, score metric λ = 1000, %d × %d grid, %d edges: %.3f s", r.grid.rows, r.grid.cols,
          r.edgeCount, r.seconds);
    QVERIFY(r.grid.curve.cols() > 1000);
    QVERIFY(r.grid.closedCurve);
    // Along the circle the distance is its arc length, up to the chords of its polyline (their
    // two midpoint pieces lean off the tangent by π/(2m): ~1e-4 at λ = 1000) and the 0.5 % the
    // true geodesic may save by sinking to the density's ridge at r ≈ 0.995; leaving the circle
    // costs √(1 + λ(sᵀv)²).
    const Eigen::Index gridNodes = r.grid.gridNodeCount();
    double worst = 0.0;
    for (Eigen::Index k = 0; k < r.grid.curve.cols(); ++k) {
      const double angle = std::abs(std::atan2(r.grid.curve(1, k), r.grid.curve(0, k)));
      const double d = r.distance[gridNodes + k];
      if (angle < 0.1) continue;
      QVERIFY(d <= angle * (1 + 1e-3));
      QVERIFY(d >= 0.99 * angle);
      worst = std::max(worst, std::abs(d / angle - 1));
    }
    qInfo("  largest relative difference to the arc length beyond 0.1 rad: %.2e", worst);
    QVERIFY(std::abs(r.distanceNear(Eigen::Vector2d(0, 1)) - std::numbers::pi / 2) < 0.01);
    // Across the circle is far dearer than around it: the straight chord to (−1, 0) costs more
    // than the half circle, so the centre lies further than the circle's far side is around.
    QVERIFY(r.distanceNear(Eigen::Vector2d(0, 0)) > 1.5);
  }

  void sphereSurfaceGridGivesGreatCircleArcs() {
    const SyntheticSceneOptions options = scene(ManifoldKind::Sphere, MetricKind::Euclidean);
    SyntheticScene s(options);
    GeodesicDistanceFieldOptions o;
    o.resolution = 121;
    const GeodesicDistanceFieldResult r =
        s.distanceField(options.metric, Eigen::Vector3d(1, 0, 0), o);
    const Eigen::Vector3d origin = r.grid.nodes.col(r.source);
    const Eigen::ArrayXd arc =
        (r.grid.nodes.colwise().normalized().transpose() * origin).array().min(1.0).acos();
    const Eigen::ArrayXd relative = (r.distance.array() - arc).abs() / arc.max(0.3);
    qInfo(
        "sphere, Euclidean chords on the %d × %d parameter grid: largest relative error "
        "%.4f beyond 0.3 rad, %.3f s",
        r.grid.rows, r.grid.cols, relative.maxCoeff(), r.seconds);
    Eigen::Index worst = 0;
    relative.maxCoeff(&worst);
    qInfo("worst at (%.3f, %.3f, %.3f), arc %.3f, distance %.3f; mean %.4f", r.grid.nodes(0, worst),
          r.grid.nodes(1, worst), r.grid.nodes(2, worst), arc[worst], r.distance[worst],
          relative.mean());
    QCOMPARE(r.grid.cols, 121);
    QCOMPARE(r.grid.rows, 61);  // square cells at the equator
    // The 16-stencil's 2.75 % on square cells; the cells narrow towards the poles.
    QVERIFY(relative.maxCoeff() < 0.03);
  }

  void badInputIsRefused() {
    const EuclideanMetric metric(2);
    const DistanceGrid grid = DistanceGrid::plane({-1, -1}, {1, 1}, 20, 20);
    GeodesicDistanceFieldOptions o;
    o.stencil = 5;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             computeGeodesicDistanceField(metric, grid, Eigen::Vector2d(0, 0), o));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             DistanceGrid::plane({-1, -1}, {1, 1}, 100000, 20));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, DistanceGrid::plane({1, -1}, {-1, 1}, 20, 20));
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgumentError,
        computeGeodesicDistanceField(metric, grid, Eigen::Vector2d(std::nan(""), 0)));
    const SyntheticSceneOptions options = scene(ManifoldKind::Circle, MetricKind::Euclidean);
    SyntheticScene circle(options);
    GeodesicDistanceFieldOptions huge;
    huge.resolution = 5000;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             circle.distanceField(options.metric, Eigen::Vector2d(1, 0), huge));
    SyntheticSceneOptions helixOptions = scene(ManifoldKind::Helix, MetricKind::Euclidean);
    helixOptions.score.source = ScoreSource::Quadrature;
    SyntheticScene helix(helixOptions);
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgumentError,
        helix.distanceField(helixOptions.metric, Eigen::Vector3d(1, 0, 0), {}));
  }

  void cancelledFieldStops() {
    const EuclideanMetric metric(2);
    std::atomic<bool> stop{true};
    SolverControl control;
    control.cancel = &stop;
    QVERIFY_THROWS_EXCEPTION(
        CancelledError,
        computeGeodesicDistanceField(metric, DistanceGrid::plane({-1, -1}, {1, 1}, 20, 20),
                                     Eigen::Vector2d(0, 0), {}, control));
  }
};

QTEST_GUILESS_MAIN(TestGeodesicDistanceField)
#include "test_geodesic_distance_field.moc"
