// The score-pullback metric εI + JᵀJ: its quadratic form and dense tensor against a Jacobian
// built by finite differences, its node-form energy gradient against finite differences, its
// Gauss–Newton solve against a dense solve, and the sphere's symmetry plane.
#include <QtTest>
#include <cmath>
#include <unsupported/Eigen/KroneckerProduct>

#include "core/geometry/embedding_gauss_newton_system.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/score_pullback_metric.h"
#include "core/score/empirical_score.h"
#include "core/score/sphere_score.h"
#include "core/util/errors.h"
#include "test_helpers.h"

using namespace geodex;
using geodex::test::perturbedSpherePath;
using geodex::test::randomMatrix;
using geodex::test::relativeError;

namespace {
const Eigen::Vector3d kA(1, 0, 0), kB(0, 0.6, 0.8);

// The score's Jacobian by central differences of s.
Eigen::MatrixXd numericJacobian(const ScoreModel& model, const Eigen::VectorXd& x) {
  const double h = 1e-6;
  Eigen::MatrixXd j(x.size(), x.size());
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    Eigen::VectorXd plus = x, minus = x;
    plus[k] += h;
    minus[k] -= h;
    j.col(k) = (model.score(plus) - model.score(minus)) / (2 * h);
  }
  return j;
}
}  // namespace

class TestPullbackMetric : public QObject {
  Q_OBJECT
 private slots:
  void quadraticFormIsEpsilonPlusJacobianSquared() {
    const auto model = std::make_shared<EmpiricalScore>(randomMatrix(4, 150, 41), 0.8);
    const ScorePullbackMetric metric(model, 0.05);
    const Eigen::MatrixXd x = randomMatrix(4, 5, 42), v = randomMatrix(4, 5, 43);
    const MetricEvaluation eval = metric.evaluate(x, v, true);
    for (int c = 0; c < 5; ++c) {
      const Eigen::MatrixXd j = numericJacobian(*model, x.col(c));
      const Eigen::MatrixXd g = 0.05 * Eigen::MatrixXd::Identity(4, 4) + j.transpose() * j;
      QVERIFY2(relativeError(metric.denseTensor(x.col(c)), g) < 1e-6,
               qPrintable(QString::number(relativeError(metric.denseTensor(x.col(c)), g))));
      QVERIFY(std::abs(eval.quadratic[c] - v.col(c).dot(g * v.col(c))) < 1e-6 * eval.quadratic[c]);
      QVERIFY(relativeError(eval.gradientVelocity.col(c), 2 * g * v.col(c)) < 1e-6);
      // ∂q/∂x by finite differences of q.
      Eigen::VectorXd numeric(4);
      for (int k = 0; k < 4; ++k) {
        Eigen::MatrixXd plus = x.col(c), minus = x.col(c);
        plus(k, 0) += 1e-5;
        minus(k, 0) -= 1e-5;
        numeric[k] = (metric.squaredNorm(plus, v.col(c)) - metric.squaredNorm(minus, v.col(c))) / 2e-5;
      }
      QVERIFY2(relativeError(eval.gradientPoint.col(c), numeric) < 1e-5,
               qPrintable(QString::number(relativeError(eval.gradientPoint.col(c), numeric))));
      QVERIFY(relativeError(metric.applyInverse(x.col(c), v.col(c)), g.ldlt().solve(v.col(c))) < 1e-6);
      QVERIFY(std::abs(metric.logDeterminant(x.col(c))[0] - std::log(g.determinant())) < 1e-6);
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScorePullbackMetric(model, 0.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScorePullbackMetric(model, std::nan("")));
  }

  void nodeEnergyComparesNeighbouringScores() {
    const auto model = std::make_shared<SphereScore>(0.3);
    const ScorePullbackMetric metric(model, 0.02);
    const Eigen::MatrixXd path = perturbedSpherePath(9, 44);
    const PathEnergyEvaluation eval = PathEnergy(metric).evaluate(path, true);
    // E = (N/2) Σ ‖s(xᵢ₊₁) − s(xᵢ)‖² + ε‖Δᵢ‖², written out.
    const Eigen::MatrixXd s = model->score(path);
    double expected = 0.0;
    for (int i = 0; i < 8; ++i)
      expected += (s.col(i + 1) - s.col(i)).squaredNorm() + 0.02 * (path.col(i + 1) - path.col(i)).squaredNorm();
    expected *= 0.5 * 8;
    QVERIFY(std::abs(eval.energy - expected) < 1e-12 * expected);
    const double gradientError = test::energyGradientError(PathEnergy(metric), path);
    QVERIFY2(gradientError < 1e-6, qPrintable(QString::number(gradientError)));
    QVERIFY(eval.energy >= 0.5 * eval.length * eval.length - 1e-12);
  }

  void gaussNewtonSolveMatchesDenseSystem() {
    const auto model = std::make_shared<SphereScore>(0.3);
    const ScorePullbackMetric metric(model, 0.02);
    const PathEnergyEvaluation eval = test::sevenPointSphereEnergy(metric, 45);
    const int n = 6, interior = 5, d = 3;
    // H = N Bᵀ(L ⊗ I)B with Bⱼ = [√ε I; Jⱼ].
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(interior * 2 * d, interior * d);
    for (int j = 0; j < interior; ++j) {
      b.block(j * 2 * d, j * d, d, d) = std::sqrt(0.02) * Eigen::MatrixXd::Identity(d, d);
      b.block(j * 2 * d + d, j * d, d, d) = numericJacobian(*model, eval.nodes.col(j + 1));
    }
    Eigen::MatrixXd laplacian = Eigen::MatrixXd::Zero(interior, interior);
    for (int j = 0; j < interior; ++j) {
      laplacian(j, j) = 2;
      if (j + 1 < interior) laplacian(j, j + 1) = laplacian(j + 1, j) = -1;
    }
    const Eigen::MatrixXd lk = Eigen::kroneckerProduct(laplacian, Eigen::MatrixXd::Identity(2 * d, 2 * d));
    const Eigen::MatrixXd dense = n * b.transpose() * lk * b;
    const EmbeddingGaussNewtonSystem system(metric, eval, 200, 1e-12);
    const double error = test::denseSolveError(
        dense, d, interior, 46, [&](const Eigen::MatrixXd& rhs) { return system.solve(rhs); });
    QVERIFY2(error < 1e-5, qPrintable(QString::number(error)));
  }

  void sphereGeodesicLiesInSymmetryPlaneAndOnTheSphere() {
    const ScorePullbackMetric metric(std::make_shared<SphereScore>(0.1));
    const GeodesicResult result =
        computeGeodesic(metric, kA, kB, test::offPlaneStartOptions(kA, kB));
    QVERIFY2(result.converged, result.stopReason.c_str());
    const double offPlane = test::maxDistanceToPlane(result.path, kA, kB);
    QVERIFY2(offPlane < 1e-4, qPrintable(QString::number(offPlane)));
    const double offSphere = (result.path.colwise().norm().array() - 1.0).abs().maxCoeff();
    QVERIFY2(offSphere < 0.03, qPrintable(QString::number(offSphere)));
    QVERIFY(result.iterations <= 30);
  }

  void shootingWithTheBvpVelocityLandsOnTheEnd() {
    // Small λ-free check of the geodesic equation: the BVP's initial velocity, shot for t = 1,
    // lands near the BVP's end (σ = 0.3 keeps the metric mild enough for a 65-point path).
    const ScorePullbackMetric metric(std::make_shared<SphereScore>(0.3), 0.05);
    const auto [bvp, shot] =
        test::shootAlongBoundaryValueSolution(metric, kA, kB, 65, {.duration = 1.0});
    QVERIFY(bvp.converged);
    const double miss = test::endpointMiss(shot, kB);
    QVERIFY2(miss < 0.05, qPrintable(QString::number(miss)));
  }

  void highDimensionalQueriesSayWhy() {
    const auto model = std::make_shared<EmpiricalScore>(randomMatrix(100, 20, 47), 1.0);
    const ScorePullbackMetric metric(model);
    try {
      metric.denseTensor(Eigen::VectorXd::Zero(100));
      QFAIL("must throw");
    } catch (const InvalidArgumentError& error) {
      QVERIFY(QString(error.what()).contains("up to dimension 64"));
    }
    // The path energy works in any dimension.
    const Eigen::MatrixXd path = lerpPath(Eigen::VectorXd::Zero(100), Eigen::VectorXd::Ones(100), 5);
    QVERIFY(PathEnergy(metric).evaluate(path, true).energy > 0.0);
  }
};

QTEST_APPLESS_MAIN(TestPullbackMetric)
#include "test_pullback_metric.moc"
