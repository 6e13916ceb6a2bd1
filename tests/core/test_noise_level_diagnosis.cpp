// Choosing σ (core/pipelines/noise_level_diagnosis.h): exact answers where the geometry gives
// them (the radial scores of circle and sphere, the great circle, the torus's outer equator),
// the trade-off σ makes, bounds on every option and cancellation.
#include <QTest>
#include <atomic>
#include <cmath>

#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/io/noise_level_diagnosis_json.h"
#include "core/pipelines/digit_noise_level_diagnosis.h"
#include "core/pipelines/noise_level_diagnosis.h"
#include "core/util/errors.h"
#include "core/util/shipped_file.h"

using namespace geodex;

namespace {

NoiseLevelDiagnosisOptions sphere() {
  NoiseLevelDiagnosisOptions o;
  o.manifold = ManifoldKind::Sphere;
  o.sigmas = {0.02, 0.1, 0.2};
  o.samples = 200;
  return o;
}

}  // namespace

class TestNoiseLevelDiagnosis : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sphereScoreIsNormalAndItsGeodesicDriftsWithSigma() {
    const NoiseLevelDiagnosis d = diagnoseNoiseLevels(sphere());
    QCOMPARE(int(d.rows.size()), 3);
    QCOMPARE(d.referenceMethod, std::string("great circle"));
    QVERIFY(std::abs(d.referenceLength - M_PI / 2) < 1e-12);
    for (const NoiseLevelRow& r : d.rows) {
      QCOMPARE(r.usedSamples, 200);
      // The exact score of the smoothed sphere is radial: along the normal at every point.
      QVERIFY2(r.meanNormalAngleDegrees < 1e-5,
               qPrintable(QString::number(r.meanNormalAngleDegrees)));
      QVERIFY(r.tangentialFraction < 1e-7);
      QVERIFY(r.converged);
      QVERIFY(r.maxDistance >= r.meanDistance);
    }
    // Larger σ: a weaker, rounder metric (anisotropy ~ λ/σ²) and a geodesic that cuts inside.
    QVERIFY(d.rows[0].meanAnisotropy > 10 * d.rows[1].meanAnisotropy);
    QVERIFY(d.rows[1].meanAnisotropy > 2 * d.rows[2].meanAnisotropy);
    QVERIFY(d.rows[0].maxDistance < 2e-3);
    QVERIFY(d.rows[2].maxDistance > 10 * d.rows[0].maxDistance);
    QVERIFY(std::abs(d.rows[0].lengthError) < 2e-3);
    QVERIFY(d.rows[2].lengthError < -5e-3);  // inside the sphere: shorter than the great circle
    // The length error is the polyline's length against the reference.
    QVERIFY(std::abs(d.rows[1].lengthError - (d.rows[1].pathLength / d.referenceLength - 1)) <
            1e-15);
  }

  void torusReferenceIsTheOuterEquatorAndItsScoreTilts() {
    NoiseLevelDiagnosisOptions o;
    o.manifold = ManifoldKind::Torus;
    o.sigmas = {0.3, 1.0};  // coarse quadrature scores: fast
    o.samples = 100;
    o.pathPoints = 12;
    const NoiseLevelDiagnosis d = diagnoseNoiseLevels(o);
    QCOMPARE(d.score, std::string("quadrature"));
    // The default pair spans a quarter of the outer equator (radius 1.4), a geodesic by symmetry.
    QVERIFY2(std::abs(d.referenceLength - 1.4 * M_PI / 2) < 1e-4,
             qPrintable(QString::number(d.referenceLength, 'g', 10)));
    QCOMPARE(int(d.rows.size()), 2);
    // On a curved surface of two curvatures the smoothed score is not normal, more so at large σ.
    QVERIFY(d.rows[0].meanNormalAngleDegrees > 0.5);
    QVERIFY(d.rows[1].meanNormalAngleDegrees > d.rows[0].meanNormalAngleDegrees);
    QVERIFY(d.rows[1].tangentialFraction > d.rows[0].tangentialFraction);
    QVERIFY(d.rows[1].tangentialFraction <= 1.0);
  }

  void endsAreProjectedAndJsonHasEveryRow() {
    NoiseLevelDiagnosisOptions o;
    o.manifold = ManifoldKind::Circle;
    o.sigmas = {0.05, 0.1};
    o.samples = 20;
    o.from = Eigen::Vector2d(2, 0);
    o.to = Eigen::Vector2d(-0.5, 0);  // the half turn
    const NoiseLevelDiagnosis d = diagnoseNoiseLevels(o);
    QVERIFY((d.from - Eigen::Vector2d(1, 0)).norm() < 1e-15);
    QVERIFY((d.to - Eigen::Vector2d(-1, 0)).norm() < 1e-15);
    QVERIFY(std::abs(d.referenceLength - M_PI) < 1e-12);
    const nlohmann::json json = toJson(d);
    QCOMPARE(json["rows"].size(), 2u);
    QCOMPARE(json["rows"][0]["sigma"].get<double>(), 0.05);
    QCOMPARE(json["manifold"].get<std::string>(), std::string("circle"));
    for (const char* key : {"mean_normal_angle_degrees", "tangential_fraction", "mean_anisotropy",
                            "max_distance", "mean_distance", "length_error", "converged"})
      QVERIFY2(json["rows"][1].contains(key), key);
  }

  void badOptionsAreRefused_data() {
    QTest::addColumn<int>("which");
    for (int i = 0; i < 10; ++i) QTest::newRow(std::to_string(i).c_str()) << i;
  }

  void badOptionsAreRefused() {
    QFETCH(int, which);
    NoiseLevelDiagnosisOptions o = sphere();
    switch (which) {
      case 0:
        o.manifold = ManifoldKind::TwoMoons;
        break;
      case 1:
        o.sigmas.clear();
        break;
      case 2:
        o.sigmas.assign(NoiseLevelDiagnosisOptions::kMaxSigmas + 1, 0.1);
        break;
      case 3:
        o.sigmas = {0.1, std::nan("")};
        break;
      case 4:
        o.sigmas = {0.0};
        break;
      case 5:
        o.sigmas = {1e6};
        break;
      case 6:
        o.samples = 0;
        break;
      case 7:
        o.metric.lambda = -1;
        break;
      case 8:
        o.from = Eigen::Vector2d(1, 0);
        break;
      case 9:
        o.pathPoints = 1000000;
        break;
    }
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, diagnoseNoiseLevels(o));
  }

  void cancelledBeforeTheFirstRow() {
    std::atomic<bool> cancel{true};
    SolverControl control;
    control.cancel = &cancel;
    QVERIFY_THROWS_EXCEPTION(CancelledError, diagnoseNoiseLevels(sphere(), control));
  }

  // The shipped U-Net on two digits of the test slice (the t part: cheap, a few levels).
  void unetAgainstT() {
    DigitNoiseLevelDiagnosisOptions o;
    o.model = DigitDiffusionModel::load(resolveShippedFile(kShippedDigitModel), DeviceChoice::Cpu);
    const IdxImages images = readIdxImages(resolveShippedFile(kShippedMnistSlice), 2);
    o.digits.resize(784, 2);
    for (int i = 0; i < 2; ++i) o.digits.col(i) = idxImageVector(images, i);
    o.timesteps = {100, 400, 800};
    o.noiseDraws = 2;
    const DigitNoiseLevelDiagnosis d = diagnoseDigitNoiseLevels(o);
    QCOMPARE(int(d.rows.size()), 3);
    QCOMPARE(d.dimension, 784);
    QVERIFY(std::abs(d.randomTangentFraction - std::sqrt(2 / (M_PI * 784))) < 1e-15);
    for (const DigitNoiseLevelRow& r : d.rows) {
      QVERIFY(r.tangentFraction >= 0 && r.tangentFraction < 0.2);
      QVERIFY(std::abs(std::sin(r.normalAngleDegrees * M_PI / 180) - r.tangentFraction) < 0.05);
      QVERIFY(r.denoisingCosine > 0.5);  // the U-Net denoises
    }
    // Less noise: a longer score (stronger metric), less of it along the rotation than at t = 800.
    QVERIFY(d.rows[0].meanAnisotropy > d.rows[1].meanAnisotropy);
    QVERIFY(d.rows[1].meanAnisotropy > d.rows[2].meanAnisotropy);
    QVERIFY(d.rows[0].tangentFraction < d.rows[2].tangentFraction);
    const nlohmann::json json = toJson(d);
    QCOMPARE(json["rows"][1]["t"].get<int>(), 400);
    QCOMPARE(json["paper_t"].get<int>(), 400);

    for (const int bad : {0, 1000}) {
      DigitNoiseLevelDiagnosisOptions wrong = o;
      wrong.timesteps = {bad};
      QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, diagnoseDigitNoiseLevels(wrong));
    }
    DigitNoiseLevelDiagnosisOptions small = o;
    small.digits = Eigen::MatrixXd::Zero(100, 1);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, diagnoseDigitNoiseLevels(small));
    small.digits = Eigen::MatrixXd::Zero(784, 1);  // blank: no rotation tangent
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, diagnoseDigitNoiseLevels(small));
  }

  void progressReachesOne() {
    double last = 0.0;
    int calls = 0;
    SolverControl control;
    control.progress = [&](double fraction, int, double) { last = fraction, ++calls; };
    diagnoseNoiseLevels(sphere(), control);
    QCOMPARE(calls, 3);
    QCOMPARE(last, 1.0);
  }
};

QTEST_GUILESS_MAIN(TestNoiseLevelDiagnosis)
#include "test_noise_level_diagnosis.moc"
