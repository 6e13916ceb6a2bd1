// Metrics of interpolation strips against known values, BRISQUE on a real photo, and the
// NoiseDiffusion baseline's shape and endpoint properties.
#include <QtTest>
#include <cmath>
#include <numbers>
#include <random>

#include "core/data/image_io.h"
#include "core/eval/brisque_scorer.h"
#include "core/eval/image_metrics.h"
#include "core/eval/image_sequence_metrics.h"
#include "core/geometry/noise_diffusion.h"
#include "core/io/result_json.h"
#include "core/util/errors.h"
#include "image_test_helpers.h"
#include "test_helpers.h"

using namespace geodex;

class TestImageSequenceMetrics : public QObject {
  Q_OBJECT
 private slots:
  void identicalFramesAreSimilarAndStill() {
    const RgbImage frame = test::rampImage(32, 40);
    ImageSequenceMetricsOptions options;
    options.brisque = false;
    const auto result = evaluateImageSequence({frame, frame, frame}, options);
    QCOMPARE(result.stepDistances.size(), std::size_t(2));
    for (std::size_t i = 0; i < 2; ++i) {
      QCOMPARE(result.stepDistances[i], 0.0);
      QVERIFY(std::abs(result.ssim[i] - 1.0) < 1e-12);
      QCOMPARE(result.psnr[i], 100.0);  // capped
      QVERIFY(std::abs(result.gmsd[i]) < 1e-12);
    }
    QCOMPARE(result.uniformity.coefficientOfVariation, 0.0);
    QCOMPARE(result.brisqueStatus, std::string("off"));
    QVERIFY(result.brisque.empty());
  }

  void knownShiftGivesKnownDistances() {
    // Frame i is flat grey at 0.1·i², so steps are 0.1, 0.3, 0.5 in every value.
    std::vector<RgbImage> frames;
    for (int i = 0; i < 4; ++i) {
      const float v = 0.1f * float(i * i);
      frames.push_back(test::flatImage(16, 16, v, v, v));
    }
    ImageSequenceMetricsOptions options;
    options.brisque = false;
    const auto result = evaluateImageSequence(frames, options);
    const double expected[] = {0.1, 0.3, 0.5};
    for (int i = 0; i < 3; ++i) {
      QVERIFY(std::abs(result.stepDistances[i] - expected[i]) < 1e-6);
      QVERIFY(std::abs(result.psnr[i] - (-20 * std::log10(expected[i]))) < 1e-4);
    }
    QVERIFY(std::abs(result.pathLength - 0.9) < 1e-6);
    QVERIFY(std::abs(result.uniformity.mean - 0.3) < 1e-6);
    QVERIFY(std::abs(result.uniformity.maxOverMean - 5.0 / 3.0) < 1e-5);
    QVERIFY(std::abs(result.uniformity.coefficientOfVariation - std::sqrt(0.08 / 3) / 0.3) < 1e-5);
    // A one-column shift of a ramp: MSE known in closed form for the red/blue channels.
    const RgbImage a = test::rampImage(8, 11, 0), b = test::rampImage(8, 11, 1);
    const double mse = meanSquaredError(a.pixels.cast<double>(), b.pixels.cast<double>());
    // Red and blue: 10 columns differ by 0.1, one wraps by 1.0; green equal.
    const double expectedMse = 2.0 * 8 * (10 * 0.01 + 1.0) / (3.0 * 8 * 11);
    QVERIFY(std::abs(mse - expectedMse) < 1e-6);
  }

  void structureMetricsRankDegradations() {
    const RgbImage photo = resizeCentreCrop(loadRgbImage(test::shippedImage("coffee.png")), 96);
    RgbImage slightly = photo, badly = photo;
    slightly.pixels.array() += 0.02f;  // brightness shift: structure intact
    for (Eigen::Index i = 0; i < badly.pixels.size(); i += 2)
      badly.pixels[i] = 1.0f - badly.pixels[i];
    const Eigen::VectorXd y = photo.luma(), ys = slightly.luma(), yb = badly.luma();
    QVERIFY(structuralSimilarity(y, ys, 96, 96) > 0.98);
    QVERIFY(structuralSimilarity(y, yb, 96, 96) < 0.5);
    QVERIFY(gradientMagnitudeSimilarityDeviation(y, ys, 96, 96) < 1e-3);
    QVERIFY(gradientMagnitudeSimilarityDeviation(y, yb, 96, 96) > 0.05);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             gradientMagnitudeSimilarityDeviation(y, yb, 95, 96));
  }

  void brisqueOnRealPhotos() {
    BrisqueScorer scorer;
    if (!scorer.available()) {
      // A clean "unavailable" is the contract when opencv-data is missing.
      QVERIFY(scorer.status().find("opencv-data") != std::string::npos);
      QVERIFY_THROWS_EXCEPTION(ModelError, scorer.score(test::rampImage(8, 8)));
      QSKIP("BRISQUE model files not installed (apt-get install opencv-data)");
    }
    const RgbImage photo = loadRgbImage(test::shippedImage("astronaut.png"));
    const double clean = scorer.score(photo);
    QVERIFY(std::isfinite(clean));
    // Heavy noise must score worse (higher) than the clean photo.
    RgbImage noisy = photo;
    std::mt19937 rng(3);
    std::normal_distribution<float> normal(0.0f, 0.25f);
    for (Eigen::Index i = 0; i < noisy.pixels.size(); ++i) noisy.pixels[i] += normal(rng);
    QVERIFY2(scorer.score(noisy) > clean + 10, "noise should raise BRISQUE");
    const auto result = evaluateImageSequence({photo, photo});
    QVERIFY(result.brisqueAvailable);
    QCOMPARE(result.brisque.size(), std::size_t(2));
    QVERIFY(std::abs(result.brisque[0] - clean) < 1e-9);
  }

  void resultAsJson() {
    ImageSequenceMetricsOptions options;
    options.brisqueModelDir = "/nonexistent";
    const auto result = evaluateImageSequence(
        {test::rampImage(16, 16, 0), test::rampImage(16, 16, 2), test::rampImage(16, 16, 4)},
        options);
    const nlohmann::json json = toJson(result);
    QCOMPARE(json["step_distances"].size(), std::size_t(2));
    QCOMPARE(json["ssim"].size(), std::size_t(2));
    QVERIFY(json["brisque"].is_null());
    QVERIFY(json["summary"]["brisque_mean"].is_null());
    QVERIFY(std::abs(json["summary"]["psnr_mean"].get<double>() -
                     (result.psnr[0] + result.psnr[1]) / 2) < 1e-12);
    QVERIFY(std::abs(json["uniformity"]["cv"].get<double>()) < 1e-9);  // equal shifts
    QVERIFY(json.dump().find("nan") == std::string::npos);
  }

  void brisqueUnavailableIsReportedCleanly() {
    QTemporaryDir empty;
    ImageSequenceMetricsOptions options;
    options.brisqueModelDir = empty.path().toStdString();
    const auto result = evaluateImageSequence({test::rampImage(8, 8)}, options);
    QVERIFY(!result.brisqueAvailable);
    QVERIFY(result.brisque.empty());
    QVERIFY(result.brisqueStatus.find(options.brisqueModelDir) != std::string::npos);
    QVERIFY(result.stepDistances.empty());  // one frame: nothing between neighbours
  }

  void sequenceErrors() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, evaluateImageSequence({}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             evaluateImageSequence({test::rampImage(8, 8), test::rampImage(8, 9)}));
  }

  void noiseDiffusionMatchesItsFormula() {
    const int d = 50;
    const Eigen::VectorXd cleanA = test::randomMatrix(d, 1, 1, 0.5),
                          cleanB = test::randomMatrix(d, 1, 2, 0.5);
    const Eigen::VectorXd eps = test::randomMatrix(d, 1, 3, 1.0);
    const double alphaBar = 0.6;
    const Eigen::VectorXd noisyA = std::sqrt(alphaBar) * cleanA + std::sqrt(1 - alphaBar) * eps;
    const Eigen::VectorXd noisyB = std::sqrt(alphaBar) * cleanB + std::sqrt(1 - alphaBar) * eps;
    NoiseDiffusionOptions noClip;
    noClip.clipBound = 0;
    const Eigen::MatrixXd path =
        noiseDiffusionPath(noisyA, noisyB, cleanA, cleanB, alphaBar, 5, noClip);
    QCOMPARE(path.rows(), Eigen::Index(d));
    QCOMPARE(path.cols(), Eigen::Index(5));
    QVERIFY(path.col(0) == noisyA);
    QVERIFY(path.col(4) == noisyB);
    // Midpoint: α = β = cos 45°, μ = ν = 0.6 ⇒ √ᾱ·0.6(x0_a + x0_b) + √(1−ᾱ)·2cos45°·ε.
    const double c = std::cos(std::numbers::pi / 4);
    const Eigen::VectorXd mid =
        std::sqrt(alphaBar) * 0.6 * (cleanA + cleanB) + std::sqrt(1 - alphaBar) * 2 * c * eps;
    QVERIFY(test::relativeError(path.col(2), mid) < 1e-12);
    // Without keepEndpoints, s = 0 gives x_a plus the boosted signal 0.2·√ᾱ·x0_a.
    noClip.keepEndpoints = false;
    const Eigen::VectorXd start =
        noiseDiffusionPoint(noisyA, noisyB, cleanA, cleanB, alphaBar, 0, noClip);
    QVERIFY(test::relativeError(start, noisyA + 0.2 * std::sqrt(alphaBar) * cleanA) < 1e-12);
    // Default clipping bounds every value by 2; γ > 0 needs ε.
    const Eigen::VectorXd big = 5 * noisyA;
    const Eigen::MatrixXd clipped =
        noiseDiffusionPath(big, noisyB, 5 * cleanA, cleanB, alphaBar, 4);
    QVERIFY(clipped.middleCols(1, 2).cwiseAbs().maxCoeff() <= 2.0);
    NoiseDiffusionOptions withGamma;
    withGamma.gamma = 0.3;
    QVERIFY_THROWS_EXCEPTION(
        InvalidArgumentError,
        noiseDiffusionPath(noisyA, noisyB, cleanA, cleanB, alphaBar, 4, withGamma));
    withGamma.noise = eps;
    QCOMPARE(noiseDiffusionPath(noisyA, noisyB, cleanA, cleanB, alphaBar, 4, withGamma).cols(),
             Eigen::Index(4));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, noiseDiffusionPath(noisyA, noisyB.head(3),
                                                                      cleanA, cleanB, alphaBar, 4));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             noiseDiffusionPath(noisyA, noisyB, cleanA, cleanB, 0.0, 4));
  }
};

QTEST_GUILESS_MAIN(TestImageSequenceMetrics)
#include "test_image_sequence_metrics.moc"
