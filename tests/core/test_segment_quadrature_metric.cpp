// SegmentQuadratureMetric: one node is the midpoint rule (ScoreMetric), its gradients match
// finite differences, and it sees the density between midpoints that the midpoint rule misses.
#include <QtTest>

#include "core/geometry/path_energy.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/segment_quadrature_metric.h"
#include "core/score/empirical_score.h"
#include "core/util/errors.h"
#include "test_helpers.h"

using namespace geodex;

class TestSegmentQuadratureMetric : public QObject {
  Q_OBJECT

  std::shared_ptr<EmpiricalScore> model() {
    return std::make_shared<EmpiricalScore>(test::randomMatrix(4, 30, 7), 0.5);
  }

 private slots:
  void oneNodeIsTheMidpointRule() {
    const auto m = model();
    const ScoreMetric plain(m, 50.0);
    const SegmentQuadratureMetric one(m, 50.0, 1);
    const Eigen::MatrixXd x = test::randomMatrix(4, 6, 1), v = test::randomMatrix(4, 6, 2, 0.3);
    const MetricEvaluation a = plain.evaluate(x, v, true), b = one.evaluate(x, v, true);
    QVERIFY(test::relativeError(b.quadratic, a.quadratic) < 1e-12);
    QVERIFY(test::relativeError(b.gradientPoint, a.gradientPoint) < 1e-12);
    QVERIFY(test::relativeError(b.gradientVelocity, a.gradientVelocity) < 1e-12);
    QVERIFY(test::relativeError(b.residualVelocityDirection.cwiseAbs(),
                                a.residualVelocityDirection.cwiseAbs()) < 1e-9);
  }

  void gradientsMatchFiniteDifferences() {
    const auto m = model();
    for (int nodes : {2, 3, 5}) {
      const SegmentQuadratureMetric metric(m, 50.0, nodes);
      const Eigen::VectorXd x = test::randomMatrix(4, 1, 3), v = test::randomMatrix(4, 1, 4, 0.3);
      const MetricEvaluation e = metric.evaluate(x, v, true);
      const auto qx = [&](const Eigen::VectorXd& y) {
        return metric.evaluate(y, v, false).quadratic[0];
      };
      const auto qv = [&](const Eigen::VectorXd& w) {
        return metric.evaluate(x, w, false).quadratic[0];
      };
      QVERIFY(test::relativeError(e.gradientPoint, test::finiteDifferenceGradient(qx, x, 1e-4)) <
              1e-6);
      QVERIFY(test::relativeError(e.gradientVelocity, test::finiteDifferenceGradient(qv, v, 1e-4)) <
              1e-6);
    }
  }

  void seesDensityBetweenMidpoints() {
    // Two samples: a segment from one to the other has its midpoint where s = 0 by symmetry.
    Eigen::MatrixXd samples(2, 2);
    samples << -1, 1, 0, 0;
    const auto m = std::make_shared<EmpiricalScore>(samples, 0.3);
    Eigen::MatrixXd path(2, 2);
    path << -1, 1, 0, 0;
    const double midpoint = PathEnergy(ScoreMetric(m, 100.0)).evaluate(path, false).energy;
    const double gauss =
        PathEnergy(SegmentQuadratureMetric(m, 100.0, 3)).evaluate(path, false).energy;
    QVERIFY(std::abs(midpoint - 2.0) < 1e-9);  // (N/2)‖Δ‖² with N = 1: the jump looks free
    QVERIFY(gauss > 100 * midpoint);
    QVERIFY_EXCEPTION_THROWN(SegmentQuadratureMetric(m, 100.0, 6), InvalidArgumentError);
  }
};

QTEST_GUILESS_MAIN(TestSegmentQuadratureMetric)
#include "test_segment_quadrature_metric.moc"
