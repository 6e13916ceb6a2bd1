// Metrics against dense Eigen computations, and the path energy's gradient and Gauss–Newton
// system against finite differences and a dense solve.
#include <QtTest>
#include <set>

#include "core/geometry/conformal_metric.h"
#include "core/geometry/euclidean_metric.h"
#include "core/geometry/gauss_newton_system.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/score_metric.h"
#include "core/score/empirical_score.h"
#include "core/score/sphere_score.h"
#include "core/util/errors.h"
#include "test_helpers.h"

using namespace geodex;
using geodex::test::randomMatrix;
using geodex::test::perturbedSpherePath;
using geodex::test::relativeError;

namespace {
std::shared_ptr<const ScoreModel> smallEmpiricalModel() {
  return std::make_shared<EmpiricalScore>(randomMatrix(5, 200, 21), 0.7);
}
}  // namespace

class TestMetrics : public QObject {
  Q_OBJECT
 private slots:
  void scoreMetricMatchesDenseAlgebra() {
    const auto model = smallEmpiricalModel();
    const ScoreMetric metric(model, 37.0);
    const Eigen::MatrixXd x = randomMatrix(5, 6, 22);
    const Eigen::MatrixXd v = randomMatrix(5, 6, 23);
    const MetricEvaluation eval = metric.evaluate(x, v, false);
    const Eigen::MatrixXd inverse = metric.applyInverse(x, v);
    const Eigen::VectorXd logDet = metric.logDeterminant(x);
    for (int j = 0; j < 6; ++j) {
      const Eigen::VectorXd s = model->score(x.col(j));
      const Eigen::MatrixXd g = Eigen::MatrixXd::Identity(5, 5) + 37.0 * s * s.transpose();
      QVERIFY(relativeError(metric.denseTensor(x.col(j)), g) < 1e-14);
      QVERIFY(std::abs(eval.quadratic[j] - v.col(j).dot(g * v.col(j))) < 1e-10 * eval.quadratic[j]);
      QVERIFY(relativeError(inverse.col(j), g.ldlt().solve(v.col(j))) < 1e-10);
      QVERIFY(std::abs(logDet[j] - std::log(g.determinant())) < 1e-10);
      // Unit ball: every semi-axis has g-length 1, and they are g-orthogonal.
      const MetricEllipsoid ball = metric.unitBall(x.col(j));
      const Eigen::MatrixXd gram = ball.axes.transpose() * g * ball.axes;
      QVERIFY(relativeError(gram, Eigen::MatrixXd::Identity(5, 5)) < 1e-10);
      QVERIFY(std::abs(ball.logDeterminant - logDet[j]) < 1e-9);
    }
  }

  void conformalMetricMatchesDenseAlgebra() {
    const auto model = smallEmpiricalModel();
    const ConformalMetric metric(model, 0.8, 0.05);
    const Eigen::MatrixXd x = randomMatrix(5, 4, 24);
    const Eigen::MatrixXd v = randomMatrix(5, 4, 25);
    const Eigen::VectorXd c = metric.conformalFactor(x);
    const Eigen::VectorXd p = model->logDensity(x).array().exp();
    for (int j = 0; j < 4; ++j) {
      QVERIFY(std::abs(c[j] - std::pow(0.05 + p[j], -0.8)) < 1e-12 * c[j]);
      QVERIFY(std::abs(metric.squaredNorm(x.col(j), v.col(j)) - c[j] * v.col(j).squaredNorm()) <
              1e-12 * c[j] * v.col(j).squaredNorm());
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ConformalMetric(model, -1.0, 0.1));
  }

  void invalidLambdaIsRejected() {
    const auto model = std::make_shared<SphereScore>(0.1);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScoreMetric(model, 0.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScoreMetric(model, -5.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScoreMetric(model, std::nan("")));
  }

  // The registry is the one description of the metrics: every entry is reachable by its name,
  // its defaults are inside its ranges, its factory builds its kind, and a parameter outside its
  // range is refused naming the parameter — by makeMetric, whoever calls it.
  void everyRegisteredMetricIsDescribedOnce() {
    const auto model = smallEmpiricalModel();  // has a log-density, for the conformal metric
    std::set<std::string> names, parameters;
    for (const MetricDescription& d : metricRegistry()) {
      QVERIFY2(names.insert(d.name).second, d.name);
      QVERIFY(parseMetricKind(d.name) == d.kind);
      QCOMPARE(toString(d.kind), std::string(d.name));
      MetricOptions options;
      options.kind = d.kind;
      const std::unique_ptr<Metric> metric = makeMetric(options, model, 5);
      QCOMPARE(metric->dimension(), 5);
      const Eigen::MatrixXd x = randomMatrix(5, 3, 31), v = randomMatrix(5, 3, 32);
      QVERIFY(metric->evaluate(x, v, false).quadratic.allFinite());
      for (const MetricParameter& p : d.parameters) {
        QVERIFY2(parameters.insert(p.setting.name).second, p.setting.name);
        QVERIFY2(p.setting.contains(p.get(options)), p.setting.name);
        QVERIFY(p.setting.min < p.setting.max);
        QCOMPARE(findMetricParameter(p.setting.name), &p);
        // get/set reach the field: a value set is the value read.
        MetricOptions changed = options;
        p.set(changed, p.setting.max);
        QCOMPARE(p.get(changed), p.setting.max);
        p.set(changed, p.setting.max + (p.setting.integer ? 1 : p.setting.max));
        try {
          makeMetric(changed, model, 5);
          QFAIL(qPrintable(QString("%1 above its range was accepted").arg(p.setting.name)));
        } catch (const InvalidArgumentError& e) {
          QVERIFY2(std::string(e.what()).find(p.setting.name) != std::string::npos, e.what());
        }
      }
    }
    QCOMPARE(names.size(), metricRegistry().size());  // one entry per name
    QVERIFY(metricRegistry().front().kind == MetricOptions{}.kind);  // menus start on the default
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, parseMetricKind("riemann"));
  }

  void energyGradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("metricKind");
    QTest::newRow("euclidean") << 0;
    QTest::newRow("score") << 1;
    QTest::newRow("conformal") << 2;
  }

  void energyGradientMatchesFiniteDifferences() {
    QFETCH(int, metricKind);
    const auto model = std::make_shared<SphereScore>(0.3);
    std::unique_ptr<Metric> metric;
    if (metricKind == 0) metric = std::make_unique<EuclideanMetric>(3);
    if (metricKind == 1) metric = std::make_unique<ScoreMetric>(model, 50.0);
    if (metricKind == 2) metric = std::make_unique<ConformalMetric>(model, 1.0, 0.1);
    const PathEnergy energy(*metric);
    const Eigen::MatrixXd path = perturbedSpherePath(9, 31);
    const PathEnergyEvaluation eval = energy.evaluate(path, true);
    const double gradientError = test::energyGradientError(energy, path);
    QVERIFY2(gradientError < 1e-6, qPrintable(QString::number(gradientError)));
    QVERIFY(eval.gradient.col(0).isZero() && eval.gradient.col(8).isZero());
    // E ≥ L²/2 (Cauchy–Schwarz), equality only at constant speed.
    QVERIFY(eval.energy >= 0.5 * eval.length * eval.length - 1e-12);
  }

  void gaussNewtonSystemMatchesDenseSolve() {
    // Build H = N(L ⊗ I + λ Σ aᵢaᵢᵀ) densely and compare the Woodbury solve.
    const ScoreMetric metric(std::make_shared<SphereScore>(0.3), 80.0);
    const PathEnergyEvaluation eval = test::sevenPointSphereEnergy(metric, 32);
    const int n = 6, interior = 5, d = 3;
    Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(interior * d, interior * d);
    for (int i = 0; i < n; ++i) {
      Eigen::VectorXd a = Eigen::VectorXd::Zero(interior * d);
      const Eigen::VectorXd s = eval.metric.residualVelocityDirection.col(i);
      const Eigen::VectorXd b = eval.metric.residualPointDirection.col(i);
      if (i < interior) a.segment(i * d, d) += s + 0.5 * b;
      if (i >= 1) a.segment((i - 1) * d, d) += -s + 0.5 * b;
      for (int k = 0; k < d; ++k) {
        Eigen::VectorXd e = Eigen::VectorXd::Zero(interior * d);
        if (i < interior) e[i * d + k] = 1.0;
        if (i >= 1) e[(i - 1) * d + k] = -1.0;
        dense += n * e * e.transpose();
      }
      dense += n * 80.0 * a * a.transpose();
    }
    const double error = test::denseSolveError(dense, d, interior, 33, [&](const Eigen::MatrixXd& rhs) {
      return GaussNewtonSystem(eval).solve(rhs);
    });
    QVERIFY2(error < 1e-9, qPrintable(QString::number(error)));
  }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
