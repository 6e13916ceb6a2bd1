// Synthetic manifolds: samplers land on the manifold, projections are nearest points,
// quadrature weights sum to the known length or area.
#include <QtTest>

#include "core/data/synthetic_manifold.h"
#include "core/util/errors.h"

using namespace geodex;

class TestManifolds : public QObject {
  Q_OBJECT
 private slots:
  void samplesLieOnTheManifold() {
    for (const std::string& name : SyntheticManifold::names()) {
      const auto manifold = SyntheticManifold::create(name);
      const Eigen::MatrixXd samples = manifold->sample(200, 5);
      QCOMPARE(samples.rows(), manifold->ambientDimension());
      QCOMPARE(samples.cols(), 200);
      QVERIFY(samples.isApprox(manifold->sample(200, 5)));  // deterministic
      // Exact where a projection exists, else limited by the dense grid distanceTo falls back on.
      const double tolerance = manifold->project(samples.col(0)) ? 1e-12 : 3e-3;
      for (int j = 0; j < 20; ++j)
        QVERIFY2(manifold->distanceTo(samples.col(j)) < tolerance, name.c_str());
    }
  }

  void projectionsAreNearestPoints() {
    const auto torus = SyntheticManifold::create(ManifoldKind::Torus);
    const Eigen::Vector3d x(0.3, 1.7, 0.45);
    const Eigen::VectorXd p = *torus->project(x);
    const Eigen::MatrixXd dense = torus->parameterGrid(600, 600);
    const double bruteForce = std::sqrt((dense.colwise() - x).colwise().squaredNorm().minCoeff());
    QVERIFY(std::abs((x - p).norm() - bruteForce) < 1e-4);
    QVERIFY(torus->distanceTo(p) < 1e-12);
    const auto sphere = SyntheticManifold::create(ManifoldKind::Sphere);
    QVERIFY(std::abs(sphere->distanceTo(Eigen::Vector3d(0, 2, 0)) - 1.0) < 1e-15);
  }

  void quadratureMeasuresLengthAndArea() {
    QVERIFY(std::abs(SyntheticManifold::create("circle")->quadrature(0.01).weights.sum() - 2 * M_PI) < 1e-3);
    QVERIFY(std::abs(SyntheticManifold::create("sphere")->quadrature(0.02).weights.sum() - 4 * M_PI) < 1e-2);
    const double torusArea = 4 * M_PI * M_PI * 1.0 * 0.4;
    const double torusQuadrature = SyntheticManifold::create("torus")->quadrature(0.02).weights.sum();
    QVERIFY2(std::abs(torusQuadrature - torusArea) < 1e-3 * torusArea, qPrintable(QString::number(torusQuadrature)));
  }

  void unknownNamesAreClearErrors() {
    try {
      SyntheticManifold::create("klein-bottle");
      QFAIL("expected an error");
    } catch (const InvalidArgumentError& e) {
      QVERIFY(QString(e.what()).contains("klein-bottle") && QString(e.what()).contains("torus"));
    }
  }
};

QTEST_APPLESS_MAIN(TestManifolds)
#include "test_manifolds.moc"
