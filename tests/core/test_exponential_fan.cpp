// The exponential-map fan (core/geometry/exponential_fan.h) and the scene's fan
// (SyntheticScene::fan): round circles under the Euclidean metric, rays that stay on the sphere
// under the score metric at large λ, bad options refused, cancellation.
#include <QTest>
#include <atomic>
#include <cmath>
#include <numbers>

#include "core/geometry/euclidean_metric.h"
#include "core/geometry/exponential_fan.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/util/errors.h"

using namespace geodex;

namespace {

SyntheticSceneOptions sphereScene(MetricKind metric, double lambda) {
  SyntheticSceneOptions o;
  o.manifold = ManifoldKind::Sphere;
  o.score.source = ScoreSource::Analytic;
  o.score.sigma = 0.1;
  o.metric.kind = metric;
  o.metric.lambda = lambda;
  return o;
}

}  // namespace

class TestExponentialFan : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void euclideanCirclesAreRound() {
    const EuclideanMetric metric(2);
    const Eigen::Vector2d origin(0.3, -0.2);
    ExponentialFanOptions o;
    o.rays = 24;
    o.length = 1.5;
    o.wavefronts = 3;
    const ExponentialFanResult fan =
        computeExponentialFan(metric, origin, Eigen::Matrix2d::Identity(), o);
    QCOMPARE(int(fan.rays.size()), 24);
    QCOMPARE(int(fan.wavefronts.size()), 3);
    for (int k = 0; k < 24; ++k) {
      QCOMPARE(fan.rays[k].cols(), Eigen::Index(o.samples));
      QVERIFY(std::abs(fan.reachedLength[k] - 1.5) < 1e-12);
      // Straight rays at angle 2πk/K with unit speed: the end is origin + length · direction.
      const double angle = 2 * std::numbers::pi * k / 24;
      const Eigen::Vector2d end = origin + 1.5 * Eigen::Vector2d(std::cos(angle), std::sin(angle));
      QVERIFY((fan.rays[k].rightCols(1) - end).norm() < 1e-9);
    }
    for (int j = 0; j < 3; ++j) {
      QVERIFY(std::abs(fan.radii[j] - 0.5 * (j + 1)) < 1e-12);
      // Closed (every ray reached the radius) and round: every point at the radius.
      const Eigen::MatrixXd& front = fan.wavefronts[j];
      QCOMPARE(front.cols(), Eigen::Index(25));
      QVERIFY((front.col(0) - front.col(24)).norm() == 0.0);
      const Eigen::ArrayXd radius = (front.colwise() - Eigen::VectorXd(origin)).colwise().norm();
      QVERIFY((radius - fan.radii[j]).abs().maxCoeff() < 1e-9);
    }
    QVERIFY(fan.maxSpeedDrift < 1e-12);
  }

  void euclideanFanInTheSpheresTangentPlane() {
    const SyntheticSceneOptions options = sphereScene(MetricKind::Euclidean, 1000);
    SyntheticScene scene(options);
    ExponentialFanOptions o;
    o.length = 0.8;
    const ExponentialFanResult fan = scene.fan(options.metric, Eigen::Vector3d(1, 0, 0), o);
    // Straight rays in the tangent plane x = 1, their ends on a circle of radius 0.8 in it.
    for (const Eigen::MatrixXd& ray : fan.rays) {
      QVERIFY((ray.row(0).array() - 1.0).abs().maxCoeff() < 1e-3);
      QVERIFY(std::abs((ray.rightCols(1) - Eigen::Vector3d(1, 0, 0)).norm() - 0.8) < 1e-9);
    }
  }

  void sphereFanStaysOnTheSphereAtLargeLambda() {
    const SyntheticSceneOptions options = sphereScene(MetricKind::Score, 1000);
    SyntheticScene scene(options);
    ExponentialFanOptions o;
    o.rays = 24;
    o.length = std::numbers::pi / 2;
    const Eigen::Vector3d origin(1, 0, 0);
    const ExponentialFanResult fan = scene.fan(options.metric, origin, o);
    qInfo("sphere fan, K = 24, length π/2, λ = 1000: %.3f s, %d steps, speed drift %.2e",
          fan.seconds, fan.steps, fan.maxSpeedDrift);
    double offSphere = 0.0, worstAngle = 0.0;
    for (const Eigen::MatrixXd& ray : fan.rays) {
      QCOMPARE(ray.cols(), Eigen::Index(o.samples));
      offSphere = std::max(offSphere, (ray.colwise().norm().array() - 1.0).abs().maxCoeff());
      // A quarter great circle: the end is 90° from the origin.
      const Eigen::Vector3d end = ray.rightCols(1);
      worstAngle = std::max(
          worstAngle, std::abs(std::acos(end.normalized().dot(origin)) - std::numbers::pi / 2));
    }
    qInfo("largest distance from the sphere %.4f, largest end-angle error %.4f rad", offSphere,
          worstAngle);
    QVERIFY(offSphere < 0.02);
    QVERIFY(worstAngle < 0.03);
    // The geodesic circles on the sphere are circles of latitude about the origin: every point
    // of one wavefront at the same angle from it.
    for (const Eigen::MatrixXd& front : fan.wavefronts) {
      const Eigen::ArrayXd angles =
          (front.colwise().normalized().transpose() * origin).array().acos();
      QVERIFY(angles.maxCoeff() - angles.minCoeff() < 0.02);
    }
  }

  void badOptionsAreRefused() {
    const EuclideanMetric metric(2);
    const Eigen::Vector2d origin(0, 0);
    const Eigen::Matrix2d plane = Eigen::Matrix2d::Identity();
    const auto refuses = [&](ExponentialFanOptions o) {
      QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                               computeExponentialFan(metric, origin, plane, o));
    };
    ExponentialFanOptions o;
    o.rays = 2;
    refuses(o);
    o = {};
    o.rays = 1000000;
    refuses(o);
    o = {};
    o.length = std::nan("");
    refuses(o);
    o = {};
    o.length = -1;
    refuses(o);
    o = {};
    o.samples = 1 << 30;
    refuses(o);
    o = {};
    o.wavefronts = -1;
    refuses(o);
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgumentError,
        computeExponentialFan(metric, Eigen::Vector2d(std::nan(""), 0), plane));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             computeExponentialFan(metric, origin, 2.0 * plane));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             computeExponentialFan(metric, Eigen::Vector3d(0, 0, 0), plane));
  }

  void cancelledFanStops() {
    const EuclideanMetric metric(2);
    std::atomic<bool> stop{true};
    SolverControl control;
    control.cancel = &stop;
    QVERIFY_THROWS_EXCEPTION(CancelledError,
                             computeExponentialFan(metric, Eigen::Vector2d(0, 0),
                                                   Eigen::Matrix2d::Identity(), {}, control));
  }
};

QTEST_GUILESS_MAIN(TestExponentialFan)
#include "test_exponential_fan.moc"
