// Geodesics against exact answers: the sphere's symmetry plane, great-circle arcs as λ grows,
// agreement of the fast solver with the paper's Adam, shooting against the BVP.
#include <QtTest>

#include <atomic>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/euclidean_metric.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/path_energy_hessian.h"
#include "core/geometry/path_energy_hessian_product.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/secant_corrections.h"
#include "core/geometry/truncated_newton_step.h"
#include "core/score/circle_score.h"
#include "core/score/empirical_score.h"
#include "core/score/sphere_score.h"
#include "core/util/errors.h"
#include "test_helpers.h"

using namespace geodex;

namespace {
const Eigen::Vector3d kA(1, 0, 0);
const Eigen::Vector3d kB(0, 0.6, 0.8);  // 90° from kA

double euclideanLength(const Eigen::MatrixXd& path) {
  return (path.rightCols(path.cols() - 1) - path.leftCols(path.cols() - 1)).colwise().norm().sum();
}

// The paper's metric (λ = 1000) on a manifold's quadrature score.
ScoreMetric quadratureScoreMetric(const SyntheticManifold& manifold) {
  return ScoreMetric(test::quadratureScore(manifold), 1000.0);
}

// An orthonormal frame [d × 3] that puts R³ into R^d along no coordinate axis.
Eigen::MatrixXd tiltedFrame(int d) {
  Eigen::MatrixXd spread(d, 3);
  for (int i = 0; i < d; ++i)
    for (int k = 0; k < 3; ++k) spread(i, k) = std::sin(1.0 + 0.7 * i + 2.3 * k * (i + 1));
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(spread);
  return qr.householderQ() * Eigen::MatrixXd::Identity(d, 3);
}

// A manifold's quadrature score carried into R^d by `frame`: above PathEnergyHessian's
// dimensions, with the manifold's geometry in the frame's 3-plane.
std::shared_ptr<const ScoreModel> tiltedScore(ManifoldKind kind, const Eigen::MatrixXd& frame) {
  const auto manifold = SyntheticManifold::create(kind);
  const double sigma = SyntheticScoreOptions{}.sigma;
  auto q = manifold->quadrature(sigma / 3.0);
  return std::make_shared<EmpiricalScore>(frame * q.points, q.weights, sigma, "tilted");
}

// Another score with every output rounded to float32, as a float32 network's; `declared`: it
// says so (unitRoundoff 2⁻²⁴), else it claims float64's.
class Float32RoundedScore : public ScoreModel {
 public:
  Float32RoundedScore(std::shared_ptr<const ScoreModel> exact, bool declared)
      : exact_(std::move(exact)), declared_(declared) {}
  std::string name() const override { return "rounded"; }
  int dimension() const override { return exact_->dimension(); }
  bool isGradientField() const override { return exact_->isGradientField(); }
  double unitRoundoff() const override { return declared_ ? 0x1p-24 : ScoreModel::unitRoundoff(); }

 protected:
  static Eigen::MatrixXd rounded(const Eigen::MatrixXd& m) { return m.cast<float>().cast<double>(); }
  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& x) const override {
    return rounded(exact_->score(x));
  }
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& x,
                                               const Eigen::MatrixXd& v) const override {
    return rounded(exact_->jacobianVectorProduct(x, v));
  }
  Eigen::MatrixXd computeVectorJacobianProduct(const Eigen::MatrixXd& x,
                                               const Eigen::MatrixXd& v) const override {
    return rounded(exact_->vectorJacobianProduct(x, v));
  }

 private:
  std::shared_ptr<const ScoreModel> exact_;
  bool declared_;
};
}  // namespace

class TestGeodesics : public QObject {
  Q_OBJECT
 private slots:
  void sphereGeodesicLiesInSymmetryPlane() {
    const ScoreMetric metric(std::make_shared<SphereScore>(0.1), 1000.0);
    const GeodesicOptions options = test::offPlaneStartOptions(kA, kB);
    QVERIFY(test::maxDistanceToPlane(*options.initialPath, kA, kB) > 0.04);
    const GeodesicResult result = computeGeodesic(metric, kA, kB, options);
    QVERIFY2(result.converged, result.stopReason.c_str());
    const double offPlane = test::maxDistanceToPlane(result.path, kA, kB);
    QVERIFY2(offPlane < 1e-4, qPrintable(QString::number(offPlane)));
    // Points stay near the sphere.
    const double offSphere = (result.path.colwise().norm().array() - 1.0).abs().maxCoeff();
    QVERIFY2(offSphere < 0.02, qPrintable(QString::number(offSphere)));
    QCOMPARE(result.path.col(0), Eigen::MatrixXd(kA));
    QCOMPARE(result.path.col(options.points - 1), Eigen::MatrixXd(kB));
  }

  void lengthApproachesGreatCircleAsLambdaGrows() {
    // Euclidean length of the geodesic: the chord at λ → 0, the arc (π/2 here) as λ grows.
    const auto model = std::make_shared<SphereScore>(0.1);
    const double arc = M_PI / 2, chord = std::sqrt(2.0);
    GeodesicOptions options;
    options.points = 65;
    options.initialization = PathInitialization::Lerp;
    std::vector<double> gaps;
    for (double lambda : {1e-6, 1.0, 10.0, 1000.0}) {
      options.initialization = lambda < 1.0 ? PathInitialization::Lerp : PathInitialization::Slerp;
      const GeodesicResult result = computeGeodesic(ScoreMetric(model, lambda), kA, kB, options);
      QVERIFY2(result.converged, result.stopReason.c_str());
      gaps.push_back(std::abs(euclideanLength(result.path) - arc));
    }
    QVERIFY2(std::abs(gaps.front() - (arc - chord)) < 1e-3, qPrintable(QString::number(gaps.front())));
    for (std::size_t i = 1; i < gaps.size(); ++i) QVERIFY(gaps[i] <= gaps[i - 1] + 1e-9);
    QVERIFY2(gaps.back() < 2e-3 * arc, qPrintable(QString::number(gaps.back())));
  }

  void circleGeodesicFollowsTheArc() {
    const ScoreMetric metric(std::make_shared<CircleScore>(0.1), 1000.0);
    const Eigen::Vector2d a(1, 0), b(std::cos(2.0), std::sin(2.0));
    const GeodesicResult result = test::solveGeodesic(metric, a, b, 65);
    QVERIFY(result.converged);
    // Within 1% of the unit arc (the path runs just inside radius 1, towards the density ridge).
    QVERIFY2(std::abs(euclideanLength(result.path) - 2.0) < 2e-2,
             qPrintable(QString::number(euclideanLength(result.path))));
    QVERIFY((result.path.colwise().norm().array() - 1.0).abs().maxCoeff() < 0.02);
    // It is far shorter under the metric than the straight chord.
    const double straight = PathEnergy(metric).evaluate(lerpPath(a, b, 65), false).length;
    QVERIFY(result.length < 0.1 * straight);
  }

  void fastSolverMatchesAdamWithFarFewerEvaluations_data() {
    QTest::addColumn<double>("sigma");
    QTest::addColumn<double>("lambda");
    QTest::addColumn<double>("angle");
    QTest::newRow("paper settings, 90°") << 0.1 << 1000.0 << M_PI / 2;
    QTest::newRow("smoother, 120°") << 0.3 << 100.0 << 2 * M_PI / 3;
  }

  void fastSolverMatchesAdamWithFarFewerEvaluations() {
    QFETCH(double, sigma);
    QFETCH(double, lambda);
    QFETCH(double, angle);
    const ScoreMetric metric(std::make_shared<SphereScore>(sigma), lambda);
    const Eigen::Vector3d b = std::cos(angle) * kA + std::sin(angle) * kB;
    GeodesicOptions options;
    options.points = 16;
    const GeodesicResult fast = computeGeodesic(metric, kA, b, options);
    options.solver = GeodesicSolverKind::Adam;
    const GeodesicResult adam = computeGeodesic(metric, kA, b, options);
    QVERIFY(fast.converged);
    QVERIFY2(std::abs(fast.energy - adam.energy) <= 1e-3 * adam.energy,
             qPrintable(QString("fast %1 adam %2").arg(fast.energy, 0, 'g', 10).arg(adam.energy, 0, 'g', 10)));
    QVERIFY2(fast.scoreEvaluations * 10 <= adam.scoreEvaluations,
             qPrintable(QString("fast %1 adam %2").arg(fast.scoreEvaluations).arg(adam.scoreEvaluations)));
    QCOMPARE(adam.iterations, 500);
    QCOMPARE(static_cast<int>(adam.energyHistory.size()), 501);
  }

  void torusGeodesicConvergesAndHugsTheSurface() {
    const auto torus = SyntheticManifold::create(ManifoldKind::Torus);
    const ScoreMetric metric = quadratureScoreMetric(*torus);
    const Eigen::Vector3d a(1.4, 0, 0), b(-0.58, 0.81, 0.4);
    const GeodesicResult result = test::solveGeodesic(metric, a, b, 32);
    QVERIFY2(result.converged, result.stopReason.c_str());
    double worst = 0.0;
    for (int j = 0; j < result.path.cols(); ++j) worst = std::max(worst, torus->distanceTo(result.path.col(j)));
    QVERIFY2(worst < 0.03, qPrintable(QString::number(worst)));
    // Energy never increases along the Gauss–Newton iterations.
    for (std::size_t i = 1; i < result.energyHistory.size(); ++i)
      QVERIFY(result.energyHistory[i] <= result.energyHistory[i - 1]);
  }

  void secantCorrectionsSatisfyTheSecantEquation() {
    // Pairs (s, y = A s) of an SPD A: the corrected inverse maps the newest y back to its s,
    // whatever the base (here a scaled identity that knows nothing of A).
    Eigen::MatrixXd root = Eigen::MatrixXd::Random(6, 6);
    const Eigen::MatrixXd a = root * root.transpose() + Eigen::MatrixXd::Identity(6, 6);
    const auto base = [](const Eigen::MatrixXd& rhs) -> Eigen::MatrixXd { return 0.5 * rhs; };
    const auto asPath = [](const Eigen::VectorXd& v) -> Eigen::MatrixXd { return v.reshaped(3, 2); };
    SecantCorrections secants(3);
    QVERIFY(secants.empty());
    QVERIFY((secants.apply(asPath(Eigen::VectorXd::Ones(6)), base) - 0.5 * asPath(Eigen::VectorXd::Ones(6))).norm() < 1e-15);
    for (int k = 0; k < 5; ++k) {
      const Eigen::VectorXd step = Eigen::VectorXd::Random(6), change = a * step;
      secants.add(asPath(step), asPath(change));
      const double miss = (secants.apply(asPath(change), base) - asPath(step)).norm();
      QVERIFY2(miss < 1e-10 * step.norm(), qPrintable(QString::number(miss)));
    }
    // A pair of negative curvature would make the model indefinite: refused.
    SecantCorrections refusing(3);
    const Eigen::VectorXd step = Eigen::VectorXd::Random(6);
    refusing.add(asPath(step), asPath(-step));
    QVERIFY(refusing.empty());
  }

  void acceleratedGaussNewtonFindsTheSameGeodesic() {
    // Secant corrections and watchdog steps change the route, not the answer: the sphere's
    // geodesic from an off-plane start lies in the symmetry plane with the plain solver's energy.
    const ScoreMetric metric(std::make_shared<SphereScore>(0.1), 1000.0);
    GeodesicOptions options = test::offPlaneStartOptions(kA, kB);
    const GeodesicResult plain = computeGeodesic(metric, kA, kB, options);
    options.secantMemory = 5;
    options.watchdogSteps = true;
    const GeodesicResult accelerated = computeGeodesic(metric, kA, kB, options);
    QVERIFY2(accelerated.converged, accelerated.stopReason.c_str());
    QVERIFY(accelerated.iterations <= options.maxIterations);
    QCOMPARE(int(accelerated.energyHistory.size()), accelerated.iterations + 1);
    const double offPlane = test::maxDistanceToPlane(accelerated.path, kA, kB);
    QVERIFY2(offPlane < 1e-4, qPrintable(QString::number(offPlane)));
    QVERIFY2(std::abs(accelerated.energy - plain.energy) < 1e-7 * plain.energy,
             qPrintable(QString("%1 vs %2").arg(accelerated.energy, 0, 'g', 12).arg(plain.energy, 0, 'g', 12)));
    options.secantMemory = -1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, computeGeodesic(metric, kA, kB, options));
  }

  void pathEnergyHessianIsExact() {
    // Euclidean: E = (N/2) Σ ‖Δᵢ‖² has the Hessian N (L ⊗ I₃), L = tridiag(−1, 2, −1), exactly.
    const EuclideanMetric euclidean(3);
    const int points = 8, interior = points - 2;
    const Eigen::MatrixXd wiggly = test::offPlaneSlerpStart(kA, kB, points);
    const Eigen::MatrixXd h = PathEnergyHessian(PathEnergy(euclidean), wiggly, PathEnergy(euclidean).evaluate(wiggly, true).gradient).dense();
    Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(3 * interior, 3 * interior);
    for (int i = 0; i < interior; ++i) {
      expected.block(3 * i, 3 * i, 3, 3) = 2.0 * (points - 1) * Eigen::Matrix3d::Identity();
      if (i + 1 < interior) {
        expected.block(3 * i, 3 * i + 3, 3, 3) = -(points - 1) * Eigen::Matrix3d::Identity();
        expected.block(3 * i + 3, 3 * i, 3, 3) = -(points - 1) * Eigen::Matrix3d::Identity();
      }
    }
    QVERIFY2((h - expected).norm() < 1e-6 * expected.norm(), qPrintable(QString::number((h - expected).norm())));
    // The score metric: H v is the gradient's directional derivative (a second, independent
    // difference along one random direction moving every node at once).
    const ScoreMetric metric(std::make_shared<SphereScore>(0.1), 1000.0);
    const PathEnergy energy(metric);
    const Eigen::MatrixXd hs = PathEnergyHessian(energy, wiggly, energy.evaluate(wiggly, true).gradient).dense();
    const Eigen::MatrixXd v = Eigen::MatrixXd::Random(3, interior);
    const double step = 1e-6;
    Eigen::MatrixXd plus = wiggly, minus = wiggly;
    plus.middleCols(1, interior) += step * v;
    minus.middleCols(1, interior) -= step * v;
    const Eigen::MatrixXd change =
        (energy.evaluate(plus, true).gradient - energy.evaluate(minus, true).gradient).middleCols(1, interior) / (2 * step);
    const Eigen::VectorXd hv = hs * v.reshaped();
    QVERIFY2((hv - change.reshaped()).norm() < 1e-5 * change.norm(),
             qPrintable(QString("%1 of %2").arg((hv - change.reshaped()).norm()).arg(change.norm())));
    // Near a geodesic the Hessian is positive definite and its Newton step lowers the energy.
    GeodesicOptions options;
    options.points = points;
    options.maxIterations = 5;
    const GeodesicResult near = computeGeodesic(metric, kA, kB, options);
    const PathEnergyEvaluation at = energy.evaluate(near.path, true);
    const auto newton = PathEnergyHessian(energy, near.path, at.gradient).newtonStep(at.gradient.middleCols(1, interior));
    QVERIFY(newton.has_value());
    Eigen::MatrixXd stepped = near.path;
    stepped.middleCols(1, interior) += *newton;
    QVERIFY(energy.evaluate(stepped, false).energy < at.energy);
  }

  void newtonStepsFindTheSameGeodesicSooner() {
    // Across the torus's hole from the graph start: Gauss–Newton's slow linear tail; Newton steps
    // (the default) reach the same energy in fewer iterations, with their Hessians' score
    // evaluations counted.
    const auto torus = SyntheticManifold::create(ManifoldKind::Torus);
    const ScoreMetric metric = quadratureScoreMetric(*torus);
    const Eigen::Vector3d a(1.4, 0, 0), b(-1.4, 0, 0);
    GeodesicOptions options;
    options.points = 32;
    options.initialization = PathInitialization::Graph;
    options.graphReferences = std::make_shared<const Eigen::MatrixXd>(torus->sample(800, 1));
    QVERIFY(options.newtonSteps);
    const GeodesicResult newton = computeGeodesic(metric, a, b, options);
    options.newtonSteps = false;
    const GeodesicResult plain = computeGeodesic(metric, a, b, options);
    QVERIFY2(plain.converged && newton.converged, newton.stopReason.c_str());
    QCOMPARE(plain.newtonSteps, 0);
    QVERIFY(newton.newtonSteps > 0);
    QVERIFY2(newton.iterations < plain.iterations,
             qPrintable(QString("%1 vs %2").arg(newton.iterations).arg(plain.iterations)));
    QVERIFY2(std::abs(newton.energy - plain.energy) < 1e-6 * plain.energy,
             qPrintable(QString("%1 vs %2").arg(newton.energy, 0, 'g', 12).arg(plain.energy, 0, 'g', 12)));
    for (std::size_t i = 1; i < newton.energyHistory.size(); ++i)
      QVERIFY(newton.energyHistory[i] <= newton.energyHistory[i - 1]);
    // The bar for a path around the hole: converged within 30 iterations.
    QVERIFY2(newton.iterations <= 30, qPrintable(QString::number(newton.iterations)));
  }

  void truncatedNewtonStepSolvesAndStopsOnNegativeCurvature() {
    // Positive definite A: enough products solve A p = −g; the first iterate is the
    // preconditioned step scaled by the model's line search.
    Eigen::MatrixXd root = Eigen::MatrixXd::Random(6, 6);
    const Eigen::MatrixXd a = root * root.transpose() + 0.1 * Eigen::MatrixXd::Identity(6, 6);
    const Eigen::VectorXd diagonal = a.diagonal();
    const auto times = [&](const Eigen::MatrixXd& m) -> Eigen::MatrixXd {
      return (a * m.reshaped()).reshaped(3, 2);
    };
    const auto jacobi = [&](const Eigen::MatrixXd& m) -> Eigen::MatrixXd {
      return (m.reshaped().array() / diagonal.array()).matrix().reshaped(3, 2);
    };
    const Eigen::MatrixXd g = Eigen::VectorXd::Random(6).reshaped(3, 2);
    const auto full = TruncatedNewtonStep::solve(g, times, jacobi, 6, 1e-12);
    QVERIFY(full.converged && !full.negativeCurvature);
    const Eigen::VectorXd exact = -a.ldlt().solve(g.reshaped());
    QVERIFY2((full.direction.reshaped() - exact).norm() < 1e-8 * exact.norm(),
             qPrintable(QString::number((full.direction.reshaped() - exact).norm())));
    const auto one = TruncatedNewtonStep::solve(g, times, jacobi, 1, 1e-12);
    QCOMPARE(one.products, 1);
    const Eigen::VectorXd z = -jacobi(g).reshaped();
    const double scale = -g.reshaped().dot(z) / z.dot(a * z);
    QVERIFY((one.direction.reshaped() - scale * z).norm() < 1e-12 * z.norm());
    // Indefinite along the preconditioned step: that step itself, unscaled.
    const auto negative = [&](const Eigen::MatrixXd& m) -> Eigen::MatrixXd { return -times(m); };
    const auto stopped = TruncatedNewtonStep::solve(g, negative, jacobi, 5, 1e-12);
    QVERIFY(stopped.negativeCurvature);
    QCOMPARE(stopped.products, 1);
    QVERIFY((stopped.direction.reshaped() - z).norm() < 1e-15 * z.norm() + 1e-300);
    // Steihaug: within a radius the iterates stay inside; negative curvature ends on its edge.
    const double radius = 0.1 * exact.norm();
    const auto bounded = TruncatedNewtonStep::solve(g, times, jacobi, 6, 1e-12, radius);
    QVERIFY(!bounded.converged);
    QVERIFY(std::abs(bounded.direction.norm() - radius) < 1e-12 * radius);
    const auto edge = TruncatedNewtonStep::solve(g, negative, jacobi, 5, 1e-12, radius);
    QVERIFY(edge.negativeCurvature);
    QVERIFY(std::abs(edge.direction.norm() - radius) < 1e-12 * radius);
    QVERIFY(edge.direction.reshaped().dot(z) > 0.0);
  }

  void hessianProductMatchesTheHessian() {
    // In R^32 on the tilted torus: the matrix-free product against the columns of the dense
    // forward-difference Hessian, along coordinate and random directions.
    const Eigen::MatrixXd frame = tiltedFrame(32);
    const ScoreMetric metric(tiltedScore(ManifoldKind::Torus, frame), 1000.0);
    const PathEnergy energy(metric);
    Eigen::MatrixXd path = frame * lerpPath(Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(0, 1.4, 0.2), 6);
    for (int j = 1; j + 1 < path.cols(); ++j)
      path.col(j) += 0.05 * Eigen::VectorXd::Random(32);
    const int interior = int(path.cols()) - 2;
    const Eigen::MatrixXd gradient = energy.evaluate(path, true).gradient;
    const Eigen::MatrixXd dense = PathEnergyHessian(energy, path, gradient).dense();
    const PathEnergyHessianProduct product(energy, path, gradient, 1e-4);
    const PathEnergyHessianProduct fine(energy, path, gradient, 1e-6);
    std::vector<Eigen::MatrixXd> directions;
    for (const Eigen::Index k : {Eigen::Index(0), Eigen::Index(45), Eigen::Index(32 * interior - 1)}) {
      Eigen::VectorXd unit = Eigen::VectorXd::Zero(32 * interior);
      unit[k] = 1.0;
      directions.push_back(unit.reshaped(32, interior));
    }
    directions.push_back(Eigen::MatrixXd::Random(32, interior));
    for (const Eigen::MatrixXd& v : directions) {
      const Eigen::VectorXd expected = dense * v.reshaped();
      const double scale = expected.norm();
      // Forward differences are O(h) off, central ones O(h²).
      const double forward = (product.apply(v).reshaped() - expected).norm() / scale;
      const double central = (product.applyCentral(v).reshaped() - expected).norm() / scale;
      const double close = (fine.apply(v).reshaped() - expected).norm() / scale;
      QVERIFY2(forward < 1e-2 && central < 1e-5 && close < 1e-4,
               qPrintable(QString("%1 %2 %3").arg(forward).arg(central).arg(close)));
    }
    QVERIFY(product.apply(Eigen::MatrixXd::Zero(32, interior)).isZero());
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, product.apply(Eigen::MatrixXd::Zero(3, interior)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, PathEnergyHessianProduct(energy, path, gradient, 0.0));
  }

  void truncatedNewtonStepsFindTheSameGeodesicSooner() {
    // The sphere in R^32 from an off-plane start, above PathEnergyHessian's dimensions: plain
    // Gauss–Newton, even damped, needs many short steps (the residuals' curvature it leaves out
    // acts in all 29 directions off the sphere's 3-plane): 5130 score evaluations; truncated
    // Newton–CG steps on every iteration reach the same energy in 3990, their Hessian products
    // counted (11 940 against 3990 before the damping).
    const Eigen::MatrixXd frame = tiltedFrame(32);
    const ScoreMetric metric(tiltedScore(ManifoldKind::Sphere, frame), 1000.0);
    GeodesicOptions options;
    options.points = 16;
    options.initialPath = frame * test::offPlaneSlerpStart(kA, kB, options.points);
    options.newtonEveryStep = true;
    QVERIFY(options.newtonSteps && options.newtonCgIterations > 0);
    const GeodesicResult newton = computeGeodesic(metric, frame * kA, frame * kB, options);
    options.newtonCgIterations = 0;
    const GeodesicResult plain = computeGeodesic(metric, frame * kA, frame * kB, options);
    QVERIFY2(plain.converged && newton.converged, newton.stopReason.c_str());
    QCOMPARE(plain.newtonSteps, 0);
    QVERIFY(newton.newtonSteps > 0);
    QVERIFY2(std::abs(newton.energy - plain.energy) < 1e-8 * plain.energy,
             qPrintable(QString("%1 vs %2").arg(newton.energy, 0, 'g', 14).arg(plain.energy, 0, 'g', 14)));
    QVERIFY2(5 * newton.scoreEvaluations < 4 * plain.scoreEvaluations,
             qPrintable(QString("%1 vs %2").arg(newton.scoreEvaluations).arg(plain.scoreEvaluations)));
    qInfo("Newton–CG every step: %lld evaluations, damped Gauss–Newton: %lld",
          newton.scoreEvaluations, plain.scoreEvaluations);
    for (std::size_t i = 1; i < newton.energyHistory.size(); ++i)
      QVERIFY(newton.energyHistory[i] <= newton.energyHistory[i - 1]);
    // The geodesic stays in the frame's 3-plane, on the great circle's plane of kA and kB.
    const Eigen::MatrixXd offFrame = newton.path - frame * (frame.transpose() * newton.path);
    QVERIFY2(offFrame.norm() < 1e-5, qPrintable(QString::number(offFrame.norm())));
  }

  void solveStopsAtTheScoresRounding() {
    // A float32 score resolves no energy change much finer than its unit roundoff: declared,
    // the solve stops there instead of chasing 1e-10 through rounding, at the same energy.
    const Eigen::MatrixXd frame = tiltedFrame(32);
    const auto exact = tiltedScore(ManifoldKind::Sphere, frame);
    GeodesicOptions options;
    options.points = 16;
    options.initialPath = frame * test::offPlaneSlerpStart(kA, kB, options.points);
    const auto solveWith = [&](bool declared) {
      const ScoreMetric metric(std::make_shared<Float32RoundedScore>(exact, declared), 1000.0);
      return computeGeodesic(metric, frame * kA, frame * kB, options);
    };
    const GeodesicResult declared = solveWith(true), undeclared = solveWith(false);
    QVERIFY2(declared.converged, declared.stopReason.c_str());
    QVERIFY2(std::abs(declared.energy - undeclared.energy) < 1e-6 * undeclared.energy,
             qPrintable(QString("%1 vs %2").arg(declared.energy, 0, 'g', 14).arg(undeclared.energy, 0, 'g', 14)));
    QVERIFY2(declared.scoreEvaluations < undeclared.scoreEvaluations,
             qPrintable(QString("%1 vs %2").arg(declared.scoreEvaluations).arg(undeclared.scoreEvaluations)));
    const auto& h = declared.energyHistory;
    qInfo("float32 declared: %lld evaluations, %d iterations (undeclared: %lld, %d), last change %g",
          declared.scoreEvaluations, declared.iterations, undeclared.scoreEvaluations,
          undeclared.iterations, (h[h.size() - 2] - h.back()) / h.back());
  }

  void shootingLandsOnTheBoundaryValueSolution() {
    const ScoreMetric metric(std::make_shared<SphereScore>(0.3), 100.0);
    const auto [bvp, shot] =
        test::shootAlongBoundaryValueSolution(metric, kA, kB, 257, {.samples = 257});
    QVERIFY(bvp.converged);
    QVERIFY2(shot.converged, shot.stopReason.c_str());
    const double miss = test::endpointMiss(shot, kB);
    QVERIFY2(miss < 5e-3, qPrintable(QString::number(miss)));
    const double pathGap = (shot.path - bvp.path).colwise().norm().maxCoeff();
    QVERIFY2(pathGap < 5e-3, qPrintable(QString::number(pathGap)));
    QVERIFY2(std::abs(shot.length - bvp.length) < 1e-3 * bvp.length,
             qPrintable(QString("%1 vs %2").arg(shot.length).arg(bvp.length)));
    QVERIFY2(shot.speedDrift < 1e-6, qPrintable(QString::number(shot.speedDrift)));
    QVERIFY(test::maxDistanceToPlane(shot.path, kA, kB) < 1e-8);
  }

  void shootingExtrapolatesPastTheEnd() {
    // Continue the geodesic from a to b for half as long again: it stays in the symmetry plane,
    // turns on past b (the angle from a grows monotonically beyond 90°) and conserves speed.
    const ScoreMetric metric(std::make_shared<SphereScore>(0.3), 100.0);
    const ShootingOptions shooting{.duration = 1.5, .samples = 151};
    const ShootingResult shot =
        test::shootAlongBoundaryValueSolution(metric, kA, kB, 129, shooting).shot;
    QVERIFY2(shot.converged, shot.stopReason.c_str());
    QVERIFY(test::maxDistanceToPlane(shot.path, kA, kB) < 1e-8);
    double previous = -1.0;
    for (int j = 0; j < shot.path.cols(); ++j) {
      const Eigen::Vector3d x = shot.path.col(j);
      const double angle = std::atan2(x.dot(kB), x.dot(kA));
      QVERIFY(angle > previous);
      previous = angle;
    }
    QVERIFY2(previous > 0.6 * M_PI, qPrintable(QString::number(previous)));
    QVERIFY(shot.speedDrift < 1e-6);
  }

  void euclideanGeodesicIsTheStraightLine() {
    const EuclideanMetric metric(3);
    const GeodesicResult result = test::solveGeodesic(metric, kA, kB, 11);
    QVERIFY(test::relativeError(result.path, lerpPath(kA, kB, 11)) < 1e-10);
    QVERIFY(std::abs(result.length - (kA - kB).norm()) < 1e-12);
  }

  void cancellationStopsTheSolver() {
    const ScoreMetric metric(std::make_shared<SphereScore>(0.1), 1000.0);
    std::atomic<bool> cancel{false};
    SolverControl control;
    control.cancel = &cancel;
    int calls = 0;
    control.progress = [&](double, int, double) {
      if (++calls == 3) cancel = true;
    };
    GeodesicOptions options;
    options.solver = GeodesicSolverKind::Adam;
    QVERIFY_THROWS_EXCEPTION(CancelledError, computeGeodesic(metric, kA, kB, options, control));
    QCOMPARE(calls, 3);
  }

  void snapshotsShowTheCurrentPath() {
    const ScoreMetric metric(std::make_shared<SphereScore>(0.1), 1000.0);
    std::vector<double> energies;
    SolverControl control;
    control.snapshot = [&](const Eigen::MatrixXd& path, int, double energy) {
      QCOMPARE(path.cols(), 10);
      energies.push_back(energy);
    };
    const GeodesicResult result = computeGeodesic(metric, kA, kB, {}, control);
    QCOMPARE(static_cast<int>(energies.size()), result.iterations);
    QCOMPARE(energies.back(), result.energy);
  }

  void badInputsAreClearErrors() {
    const ScoreMetric metric(std::make_shared<SphereScore>(0.1), 1000.0);
    GeodesicOptions options;
    options.points = 2;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, computeGeodesic(metric, kA, kB, options));
    options.points = 10;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, computeGeodesic(metric, Eigen::Vector2d(1, 0), kB, options));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             computeGeodesic(metric, Eigen::Vector3d(std::nan(""), 0, 0), kB, options));
    options.adamLearningRate = -1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, computeGeodesic(metric, kA, kB, options));
    ShootingOptions shootOptions;
    shootOptions.samples = 1;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, shootGeodesic(metric, kA, kB, shootOptions));
  }
};

QTEST_APPLESS_MAIN(TestGeodesics)
#include "test_geodesics.moc"
