// Denoising score matching on the sphere against the exact score (docs/design.md §1): the quality
// bar set for it (mean cosine ≥ 0.95 near the sphere after < 60 s of training on 2 cores), the
// geodesic under the learned score against the analytic one, checkpoints, cancellation and
// determinism. Trains once (initTestCase) and reuses the model.
#include <torch/torch.h>

#include <QtTest>
#include <fstream>
#include <random>

#include "core/data/synthetic_manifold.h"
#include "core/diffusion/score_matching_trainer.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/score_metric.h"
#include "core/score/mlp_score_model.h"
#include "core/score/sphere_score.h"
#include "core/util/errors.h"
#include "cancel_at_step.h"

using namespace geodex;

namespace {
constexpr double kSigma = 0.1;

// Points of the smoothed sphere: y + σz, y uniform on S².
Eigen::MatrixXd pointsNearSphere(int count, unsigned seed) {
  const Eigen::MatrixXd y = SyntheticManifold::create("sphere")->sample(count, seed);
  std::mt19937 rng(seed + 17);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd x = y;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < 3; ++i) x(i, j) += kSigma * normal(rng);
  return x;
}

double meanCosine(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  double sum = 0.0;
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    sum += a.col(j).dot(b.col(j)) / (a.col(j).norm() * b.col(j).norm());
  return sum / static_cast<double>(a.cols());
}

struct Comparison {
  double maxGap, learnedLength, exactLength, offSphere;
};

double euclideanLength(const Eigen::MatrixXd& p) {
  double length = 0.0;
  for (Eigen::Index j = 0; j + 1 < p.cols(); ++j) length += (p.col(j + 1) - p.col(j)).norm();
  return length;
}

// Geodesic (1,0,0) → (0,0,1), 33 points, under the learned and the analytic score.
Comparison compareGeodesics(std::shared_ptr<const ScoreModel> learnedModel, double sigma,
                            double lambda) {
  const Eigen::Vector3d a(1, 0, 0), b(0, 0, 1);
  GeodesicOptions options;
  options.points = 33;
  const GeodesicResult exact =
      computeGeodesic(ScoreMetric(std::make_shared<SphereScore>(sigma), lambda), a, b, options);
  const GeodesicResult learned = computeGeodesic(ScoreMetric(learnedModel, lambda), a, b, options);
  Comparison c;
  c.maxGap = (learned.path - exact.path).colwise().norm().maxCoeff();
  c.learnedLength = euclideanLength(learned.path);
  c.exactLength = euclideanLength(exact.path);
  c.offSphere = (learned.path.colwise().norm().array() - 1.0).abs().maxCoeff();
  qInfo("geodesic σ = %.2f, λ = %.0f: max point gap %.4f, Euclidean length %.4f vs analytic %.4f "
        "(%+.1f %%), max |‖x‖ − 1| %.4f (%s)",
        sigma, lambda, c.maxGap, c.learnedLength, c.exactLength,
        100 * (c.learnedLength / c.exactLength - 1), c.offSphere, learned.stopReason.c_str());
  return c;
}
}  // namespace

class TestScoreTraining : public QObject {
  Q_OBJECT

  ScoreMatchingResult trained_;
  Eigen::MatrixXd samples_;

 private Q_SLOTS:
  void initTestCase() {
    samples_ = SyntheticManifold::create("sphere")->sample(20000, 1);
    ScoreMatchingOptions options;  // defaults: σ = 0.1, 3000 steps of 256, one thread
    options.data = "sphere";
    options.device = DeviceChoice::Cpu;
    trained_ = trainScoreModel(samples_, options);
    qInfo("DSM on the sphere: %d steps in %.1f s (%.0f steps/s), final loss %.4f (loss of the exact "
          "score ≈ 2/3: only the normal third of z is predictable)",
          trained_.steps, trained_.seconds, trained_.stepsPerSecond, trained_.finalLoss);
    QVERIFY(trained_.model);
  }

  void trainingIsShortAndLossFalls() {
    QCOMPARE(trained_.steps, 3000);
    QCOMPARE(static_cast<int>(trained_.lossCurve.size()), 3000);
    QVERIFY2(trained_.seconds < 60.0, qPrintable(QString::number(trained_.seconds)));
    QVERIFY(trained_.finalLoss < trained_.lossCurve.front());
    // Exact score: ε̂ = −σ s removes the normal part of z, leaving the two tangential thirds.
    QVERIFY2(trained_.finalLoss < 0.72, qPrintable(QString::number(trained_.finalLoss)));
  }

  void learnedScoreMatchesAnalyticNearSphere() {
    const Eigen::MatrixXd x = pointsNearSphere(4000, 99);
    const SphereScore exact(kSigma);
    const Eigen::MatrixXd learned = trained_.model->score(x);
    const double cosine = meanCosine(learned, exact.score(x));
    const double relative = (learned - exact.score(x)).norm() / exact.score(x).norm();
    qInfo("learned vs analytic score on 4000 points y + σz: mean cosine %.4f, relative L2 error %.3f",
          cosine, relative);
    QVERIFY2(cosine >= 0.95, qPrintable(QString::number(cosine)));
  }

  // Geodesics under the learned score against the analytic one. They are far more sensitive
  // than the cosine: on the sphere the exact score is −x̂ (|s| = 1) and the learned one has a
  // tangential error of ≈ 0.25 there (robust to width, steps, batch and data size), which the
  // metric turns into tangential "walls" of height λ·0.25². At the paper's λ = 1000 the path
  // stays on the sphere but detours; at λ = 10 with σ = 0.2 it follows the analytic one.
  void geodesicUnderLearnedScoreStaysOnSphere() {
    const Comparison c = compareGeodesics(trained_.model, kSigma, 1000.0);
    QVERIFY2(c.offSphere < 0.1, qPrintable(QString::number(c.offSphere)));
    QVERIFY2(c.learnedLength < 1.6 * c.exactLength, qPrintable(QString::number(c.learnedLength)));
    QVERIFY2(c.maxGap < 1.0, qPrintable(QString::number(c.maxGap)));
  }

  void geodesicUnderLearnedScoreFollowsAnalyticAtModerateLambda() {
    ScoreMatchingOptions options;
    options.sigma = 0.2;
    options.device = DeviceChoice::Cpu;
    const ScoreMatchingResult trained = trainScoreModel(samples_, options);
    const Comparison c = compareGeodesics(trained.model, 0.2, 10.0);
    QVERIFY2(c.maxGap < 0.15, qPrintable(QString::number(c.maxGap)));
    QVERIFY2(std::abs(c.learnedLength - c.exactLength) < 0.05 * c.exactLength,
             qPrintable(QString::number(c.learnedLength)));
  }

  void checkpointRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("sphere.pt").toStdString();
    trained_.model->save(path);
    const auto loaded = MlpScoreModel::load(path, DeviceChoice::Cpu);
    QCOMPARE(loaded->config().sigma, kSigma);
    QCOMPARE(QString::fromStdString(loaded->name()), QString("mlp-trained(sphere)"));
    const Eigen::MatrixXd x = pointsNearSphere(50, 5);
    QVERIFY((loaded->score(x) - trained_.model->score(x)).norm() < 1e-12);
    // Missing file, and a file of another kind: errors that say what is wrong.
    try {
      MlpScoreModel::load(dir.filePath("absent.pt").toStdString(), DeviceChoice::Cpu);
      QFAIL("no error for a missing file");
    } catch (const IoError& e) {
      QVERIFY(QString(e.what()).contains("does not exist"));
    }
    const std::string junk = dir.filePath("junk.pt").toStdString();
    { std::ofstream(junk) << "not a model"; }
    QVERIFY_THROWS_EXCEPTION(IoError, MlpScoreModel::load(junk, DeviceChoice::Cpu));
  }

  void cancellationStopsWithinOneStep() {
    test::CancelAtStep cancel(3);
    ScoreMatchingOptions options;
    options.steps = 1000;
    options.device = DeviceChoice::Cpu;
    QVERIFY_THROWS_EXCEPTION(CancelledError, trainScoreModel(samples_, options, cancel.control));
    QCOMPARE(cancel.lastStep, 3);
  }

  void sameSeedSameRun() {
    ScoreMatchingOptions options;
    options.steps = 20;
    options.device = DeviceChoice::Cpu;
    const auto first = trainScoreModel(samples_, options);
    const auto second = trainScoreModel(samples_, options);
    QCOMPARE(first.lossCurve, second.lossCurve);
    options.seed = 2;
    QVERIFY(trainScoreModel(samples_, options).lossCurve != first.lossCurve);
  }

  void badOptionsAreRejected() {
    ScoreMatchingOptions options;
    options.sigma = 0.0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScoreMatchingTrainer{options});
    options.sigma = 0.1;
    options.steps = 0;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ScoreMatchingTrainer{options});
  }
};

QTEST_GUILESS_MAIN(TestScoreTraining)
#include "test_score_training.moc"
