// Score models against exact ground truth: finite differences of the analytic log-densities,
// LibTorch autograd of the empirical log-density, and the analytic circle/sphere scores.
#include <QtTest>

#include "core/data/synthetic_manifold.h"
#include "core/score/circle_score.h"
#include "core/score/empirical_score.h"
#include "core/score/parallel_score_model.h"
#include "core/score/sphere_score.h"
#include "core/score/torch_empirical_score.h"
#include "core/score/torch_score_model.h"
#include "core/util/errors.h"
#include "core/util/torch_device.h"
#include "test_helpers.h"

using namespace geodex;
using geodex::test::finiteDifferenceGradient;
using geodex::test::relativeError;

namespace {

// Score and JVP of a model against finite differences of its own log-density / score.
void checkAgainstFiniteDifferences(const ScoreModel& model, const Eigen::MatrixXd& points) {
  const Eigen::MatrixXd scores = model.score(points);
  const Eigen::MatrixXd directions = geodex::test::randomMatrix(model.dimension(), points.cols(), 7);
  const Eigen::MatrixXd jvp = model.jacobianVectorProduct(points, directions);
  const Eigen::MatrixXd vjp = model.vectorJacobianProduct(points, directions);
  for (Eigen::Index j = 0; j < points.cols(); ++j) {
    const Eigen::VectorXd x = points.col(j);
    const auto logp = [&](const Eigen::VectorXd& y) { return model.logDensity(y)[0]; };
    const Eigen::VectorXd expected = finiteDifferenceGradient(logp, x, 1e-4);
    const double scale = std::max(expected.norm(), 1e-2);
    QVERIFY2((scores.col(j) - expected).norm() / scale < 1e-6,
             qPrintable(QString("%1 at |x| = %2: score error %3")
                            .arg(QString::fromStdString(model.name()))
                            .arg(x.norm())
                            .arg((scores.col(j) - expected).norm() / scale)));
    const double h = 1e-6;
    const Eigen::VectorXd fdJvp =
        (model.score(x + h * directions.col(j)) - model.score(x - h * directions.col(j))) / (2 * h);
    const double jvpScale = std::max(fdJvp.norm(), 1e-2);
    QVERIFY2((jvp.col(j) - fdJvp).norm() / jvpScale < 1e-6,
             qPrintable(QString("JVP error %1 at |x| = %2").arg((jvp.col(j) - fdJvp).norm() / jvpScale).arg(x.norm())));
    QVERIFY(relativeError(vjp.col(j), jvp.col(j)) < 1e-12);  // J symmetric
  }
}

Eigen::MatrixXd pointsAtRadii(int dimension, const std::vector<double>& radii) {
  Eigen::MatrixXd points = geodex::test::randomMatrix(dimension, static_cast<int>(radii.size()), 3);
  for (int j = 0; j < points.cols(); ++j) points.col(j) *= radii[j] / points.col(j).norm();
  return points;
}

// Returns NaN away from the origin: stands in for a broken network.
class BrokenScore : public ScoreModel {
 public:
  std::string name() const override { return "broken"; }
  int dimension() const override { return 2; }
  bool isGradientField() const override { return true; }

 protected:
  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& x) const override {
    Eigen::MatrixXd s = -x;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      if (x(0, j) > 0.5) s(0, j) = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& x,
                                               const Eigen::MatrixXd& v) const override {
    return computeScore(x).cwiseProduct(v) * 0.0 - v;
  }
};

}  // namespace

class TestScores : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sphereScoreMatchesLogDensity() {
    const std::vector<double> radii = {1e-4, 0.05, 0.5, 0.95, 0.99, 1.0, 1.05, 1.5, 3.0};
    for (double sigma : {0.1, 0.3, 1.0})
      checkAgainstFiniteDifferences(SphereScore(sigma), pointsAtRadii(3, radii));
  }

  void circleScoreMatchesLogDensity() {
    const std::vector<double> radii = {1e-4, 0.05, 0.5, 0.95, 0.99, 1.0, 1.05, 1.5, 3.0};
    for (double sigma : {0.05, 0.1, 0.3, 1.0})
      checkAgainstFiniteDifferences(CircleScore(sigma), pointsAtRadii(2, radii));
  }

  void sphereDensityIsNormalised() {
    // ∫ p dV over R³ = 1: radial quadrature of 4πr² p(r).
    const SphereScore model(0.2);
    double total = 0.0;
    const double dr = 1e-4;
    for (double r = dr / 2; r < 3.0; r += dr)
      total += 4 * M_PI * r * r * std::exp(model.logDensityAtRadius(r)) * dr;
    QVERIFY2(std::abs(total - 1.0) < 1e-6, qPrintable(QString::number(total, 'g', 12)));
  }

  void ridgeLiesInsideTheSphere() {
    // The score vanishes slightly inside radius 1 (the smoothed shell's density peak).
    const double r = SphereScore(0.1).ridgeRadius();
    QVERIFY(r < 1.0 && r > 0.98);
    QVERIFY(std::abs(SphereScore(0.1).profile(r).value) < 1e-9);
  }

  void empiricalScoreMatchesTorchAutograd() {
    const Eigen::MatrixXd samples = geodex::test::randomMatrix(5, 300, 11);
    const Eigen::MatrixXd points = geodex::test::randomMatrix(5, 20, 12, 1.2);
    const Eigen::MatrixXd directions = geodex::test::randomMatrix(5, 20, 13);
    for (double sigma : {0.3, 1.0}) {
      const EmpiricalScore eigenModel(samples, sigma);
      const auto torchModel = makeTorchEmpiricalScore(samples, sigma, DeviceChoice::Cpu);
      QVERIFY(relativeError(eigenModel.score(points), torchModel->score(points)) < 1e-6);
      QVERIFY(relativeError(eigenModel.jacobianVectorProduct(points, directions),
                            torchModel->jacobianVectorProduct(points, directions)) < 1e-6);
      QVERIFY(relativeError(eigenModel.logDensity(points), torchModel->logDensity(points)) < 1e-10);
      checkAgainstFiniteDifferences(eigenModel, points.leftCols(5));
    }
  }

  void quadratureScoreEqualsAnalyticCircle() {
    // A fine weighted grid reproduces the exact smoothed-circle score.
    const auto quadrature =
        test::quadratureScore(*SyntheticManifold::create(ManifoldKind::Circle), 0.1);
    const Eigen::MatrixXd points = pointsAtRadii(2, {0.3, 0.8, 0.95, 1.0, 1.1, 1.3});
    const Eigen::MatrixXd exact = CircleScore(0.1).score(points);
    QVERIFY2(relativeError(quadrature->score(points), exact) < 1e-8,
             qPrintable(QString::number(relativeError(quadrature->score(points), exact))));
    QVERIFY(relativeError(quadrature->logDensity(points), CircleScore(0.1).logDensity(points)) < 1e-8);
  }

  void quadratureScoreApproximatesAnalyticSphere() {
    const auto quadrature =
        test::quadratureScore(*SyntheticManifold::create(ManifoldKind::Sphere), 0.2);
    const Eigen::MatrixXd points = pointsAtRadii(3, {0.8, 0.95, 1.0, 1.1, 1.3});
    const double error = relativeError(quadrature->score(points), SphereScore(0.2).score(points));
    QVERIFY2(error < 1e-3, qPrintable(QString::number(error)));
  }

  void countsEvaluations() {
    const SphereScore model(0.1);
    model.score(Eigen::MatrixXd::Ones(3, 7));
    model.scoreAndVectorJacobianProduct(Eigen::MatrixXd::Ones(3, 5), Eigen::MatrixXd::Ones(3, 5));
    QCOMPARE(model.scoreEvaluations(), 12LL);
    QCOMPARE(model.jacobianProducts(), 5LL);
  }

  void nonFiniteScoreIsAClearError() {
    const BrokenScore model;
    Eigen::MatrixXd points(2, 2);
    points << 0.1, 0.9, 0.0, 0.0;
    try {
      model.score(points);
      QFAIL("expected NumericalError");
    } catch (const NumericalError& e) {  // a run's numbers, not the model file (exit 1)
      const QString message = e.what();
      QVERIFY2(message.contains("non-finite") && message.contains("broken") &&
                   message.contains("0.9"),
               qPrintable(message));
    }
  }

  // Blocks evaluated on several threads give the wrapped model's numbers column for column, and a
  // block's error reaches the caller (and leaves the model usable).
  void parallelScoreEqualsTheWrappedModel() {
    const auto sphere = std::make_shared<const SphereScore>(0.1);
    const ParallelScoreModel parallel(sphere, 0);
    QVERIFY(parallel.blocks() >= 1);
    const Eigen::MatrixXd x = geodex::test::randomMatrix(3, 7, 11);
    const Eigen::MatrixXd v = geodex::test::randomMatrix(3, 7, 12);
    QCOMPARE(parallel.score(x), sphere->score(x));
    QCOMPARE(parallel.jacobianVectorProduct(x, v), sphere->jacobianVectorProduct(x, v));
    QCOMPARE(parallel.vectorJacobianProduct(x, v), sphere->vectorJacobianProduct(x, v));
    const auto [s, vjp] = parallel.scoreAndVectorJacobianProduct(x, v);
    QCOMPARE(s, sphere->score(x));
    QCOMPARE(vjp, sphere->vectorJacobianProduct(x, v));
    QCOMPARE(parallel.logDensity(x), sphere->logDensity(x));
    QCOMPARE(parallel.score(x.leftCols(1)), sphere->score(x.leftCols(1)));
    QCOMPARE(parallel.scoreEvaluations(), 7LL * 4 + 1);

    const ParallelScoreModel broken(std::make_shared<const BrokenScore>(), 2);
    Eigen::MatrixXd points(2, 4);
    points << 0.1, 0.2, 0.3, 0.9, 0.0, 0.0, 0.0, 0.0;  // the last block fails
    try {
      broken.score(points);
      QFAIL("expected NumericalError");
    } catch (const NumericalError& e) {
      QVERIFY2(QString(e.what()).contains("0.9"), e.what());
    }
    points(0, 3) = 0.4;
    QCOMPARE(broken.score(points), Eigen::MatrixXd(-points));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ParallelScoreModel(nullptr, 2));
  }

  void wrongDimensionIsAClearError() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, SphereScore(0.1).score(Eigen::MatrixXd::Ones(2, 3)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, SphereScore(-1.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, EmpiricalScore(Eigen::MatrixXd(3, 0), 0.1));
  }

  void eigenTensorRoundTripIsExact() {
    Eigen::MatrixXd columns(2, 3);
    columns << 1, 2, 3, 4, 5, 6;
    TorchScoreModel model("identity", 2, [](const torch::Tensor& x) { return x; }, torch::kCPU,
                          torch::kFloat64, true);
    const torch::Tensor rows = model.toTensor(columns);
    QCOMPARE(rows.size(0), 3);
    QCOMPARE(rows.size(1), 2);
    QCOMPARE(rows[1][0].item<double>(), 2.0);
    QCOMPARE(rows[1][1].item<double>(), 5.0);
    QCOMPARE(rows[2][1].item<double>(), 6.0);
    QCOMPARE(TorchScoreModel::toColumns(rows), columns);
  }

  void devicesResolve() {
    QCOMPARE(resolveDevice(DeviceChoice::Cpu).type(), torch::kCPU);
    const torch::Device automatic = resolveDevice(DeviceChoice::Auto);
    QCOMPARE(automatic.is_cuda(), torch::cuda::is_available());
    if (!torch::cuda::is_available())
      QVERIFY_THROWS_EXCEPTION(ModelError, resolveDevice(DeviceChoice::Cuda));
    QCOMPARE(parseDeviceChoice("auto"), DeviceChoice::Auto);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, parseDeviceChoice("tpu"));
  }

  void unitRoundoffIsTheNetworksPrecision() {
    // A float32 network behind a float64 autograd graph is as precise as float32, and wrappers
    // that split its batches say the same; analytic scores are float64.
    const auto identity = [](const torch::Tensor& x) { return x; };
    const auto network = std::make_shared<TorchScoreModel>("net", 2, identity, torch::kCPU,
                                                           torch::kFloat64, false, torch::kFloat32);
    QCOMPARE(network->unitRoundoff(), 0x1p-24);
    QCOMPARE(ParallelScoreModel(network, 2).unitRoundoff(), 0x1p-24);
    QCOMPARE(TorchScoreModel("net", 2, identity, torch::kCPU, torch::kFloat64, false).unitRoundoff(),
             0x1p-53);
    QCOMPARE(TorchScoreModel("net", 2, identity, torch::kCPU, torch::kFloat16, false).unitRoundoff(),
             0x1p-11);
    QCOMPARE(SphereScore(0.1).unitRoundoff(), 0x1p-53);
  }

  void networkScoreUsesAutogradJacobian() {
    // A non-gradient field s(x) = A tanh(x): JVP and VJP by autograd against the closed form.
    Eigen::Matrix2d a;
    a << 1.0, 2.0, -0.5, 0.3;
    const torch::Tensor at = torch::tensor({1.0, 2.0, -0.5, 0.3}, torch::kFloat64).view({2, 2});
    TorchScoreModel model("tanh-net", 2, [at](const torch::Tensor& x) { return torch::tanh(x).mm(at.t()); },
                          torch::kCPU, torch::kFloat64, false);
    const Eigen::MatrixXd x = geodex::test::randomMatrix(2, 4, 5);
    const Eigen::MatrixXd v = geodex::test::randomMatrix(2, 4, 6);
    const Eigen::MatrixXd jv = model.jacobianVectorProduct(x, v);
    const Eigen::MatrixXd jtv = model.vectorJacobianProduct(x, v);
    for (int j = 0; j < 4; ++j) {
      const Eigen::Vector2d sech2 = (1.0 - x.col(j).array().tanh().square()).matrix();
      const Eigen::Matrix2d jacobian = a * sech2.asDiagonal();
      QVERIFY(relativeError(jv.col(j), jacobian * v.col(j)) < 1e-12);
      QVERIFY(relativeError(jtv.col(j), jacobian.transpose() * v.col(j)) < 1e-12);
    }
  }
};

QTEST_APPLESS_MAIN(TestScores)
#include "test_scores.moc"
