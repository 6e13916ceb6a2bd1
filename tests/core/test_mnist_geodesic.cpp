// The rotated-digit score and the Rotated MNIST geodesic experiment: the score is the gradient
// of its log-density in 784-D, image metrics behave, and on 3 digits the denoised geodesic
// stays closer to the true rotations than LERP.
#include <QtTest>

#include "core/data/idx_file.h"
#include "core/data/digit_reference_pool.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/eval/image_metrics.h"
#include "core/eval/rotation_recovery.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/score_pullback_metric.h"
#include "core/io/image_strip.h"
#include "core/pipelines/rotated_digit_evaluation.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/score/rotated_digit_score.h"
#include "core/util/errors.h"
#include "test_helpers.h"

using namespace geodex;

namespace {

IdxImages slice() {
  return readIdxImages(qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() +
                       "/tests/data/mnist-slice-images-idx3-ubyte");
}

// The experiment on `points` points with one geodesic method (LERP and SLERP always run).
RotatedDigitGeodesicOptions oneMethod(const std::string& method, int points, int rotations) {
  RotatedDigitGeodesicOptions options;
  options.points = points;
  options.rotations = rotations;
  options.methods = {rotatedDigitMethod(method)};
  return options;
}

// The experiment on digit `index` of the slice, between its rotations.
RotatedDigitGeodesicResult onDigit(const IdxImages& images, int index,
                                   const RotatedDigitGeodesicOptions& options) {
  return computeRotatedDigitGeodesic(idxImageVector(images, index), 28, 28, options);
}

QString angleList(const RotatedDigitMethodResult& m) {
  QStringList angles;
  for (const auto& match : m.matches) angles << QString::number(match.angle);
  return angles.join(' ');
}

// How close a geodesic's denoised images (g) came to the true rotations, beside LERP's (l).
QString imageFigures(const RotatedDigitMethodResult& g, const RotatedDigitMethodResult& l) {
  return QString::asprintf("MSE geodesic %.5f lerp %.5f; SSIM %.3f / %.3f; angles %s", g.meanMse,
                           l.meanMse, g.meanSsim, l.meanSsim, qPrintable(angleList(g)));
}

}  // namespace

class TestMnistGeodesic : public QObject {
  Q_OBJECT

 private slots:
  void rotatedDigitScoreIsTheGradientOfItsLogDensity() {
    const Eigen::VectorXd digit = idxImageVector(slice(), 0);
    for (double sigma : {0.3, 1.0}) {
      const auto model = makeRotatedDigitScore(digit, 28, 28, 360, sigma);
      QCOMPARE(model->dimension(), 784);
      // A point between rotations, off the curve: many rotations share the weight.
      const Eigen::VectorXd x =
          rotateImage(digit, 28, 28, 37.3) + test::randomMatrix(784, 1, 5, 0.5 * sigma);
      const Eigen::VectorXd s = model->score(x);
      const auto logp = [&](const Eigen::VectorXd& y) { return model->logDensity(y)[0]; };
      // Directional finite differences (Richardson, O(h⁴)) along random directions.
      for (unsigned seed = 1; seed <= 4; ++seed) {
        Eigen::VectorXd v = test::randomMatrix(784, 1, 100 + seed);
        v.normalize();
        const double h = 1e-3 * sigma;
        const auto diff = [&](double step) {
          return (logp(x + step * v) - logp(x - step * v)) / (2 * step);
        };
        const double fd = (4 * diff(h / 2) - diff(h)) / 3;
        QVERIFY2(std::abs(fd - s.dot(v)) < 1e-5 * std::max(1.0, s.norm()),
                 qPrintable(QString("σ %1: FD %2 vs sᵀv %3").arg(sigma).arg(fd).arg(s.dot(v))));
      }
      // Tweedie's denoiser x + σ²s(x) is the weighted mean of the rotations: in [0, 1].
      const Eigen::VectorXd denoised = x + sigma * sigma * s;
      QVERIFY(denoised.minCoeff() > -1e-9 && denoised.maxCoeff() < 1 + 1e-9);
    }
  }

  void imageMetrics() {
    const Eigen::VectorXd digit = idxImageVector(slice(), 2);
    QCOMPARE(meanSquaredError(digit, digit), 0.0);
    QVERIFY(std::abs(structuralSimilarity(digit, digit, 28, 28) - 1.0) < 1e-12);
    const Eigen::VectorXd other = idxImageVector(slice(), 3);
    QVERIFY(structuralSimilarity(digit, other, 28, 28) < 0.5);
    QVERIFY(std::abs(meanSquaredError(digit, other) - (digit - other).squaredNorm() / 784) < 1e-15);
    QVERIFY_EXCEPTION_THROWN(structuralSimilarity(digit, other, 27, 28), InvalidArgumentError);
  }

  void rotationRecoveryFindsTheAngle() {
    const Eigen::VectorXd digit = idxImageVector(slice(), 0);
    const RotationRecovery recovery(digit, 28, 28, evenlySpacedAngles(0, 90, 91, true));
    for (double angle : {0.0, 17.0, 45.0, 90.0}) {
      const RotationMatch m = recovery.match(rotateImage(digit, 28, 28, angle));
      QCOMPARE(m.angle, angle);
      QVERIFY(m.mse < 1e-20 && std::abs(m.ssim - 1) < 1e-9);
    }
    QVERIFY(isMonotonic({0, 10, 9.5, 30}, 0, 30, 1.0));
    QVERIFY(!isMonotonic({0, 10, 5, 30}, 0, 30, 1.0));
    QVERIFY(isMonotonic({90, 50, 0}, 90, 0, 0.0));
    QCOMPARE(largestAngleStep({0, 10, 5, 30}), 25.0);
  }

  void imageStripIsAPng() {
    const Eigen::MatrixXd row =
        rotatedCopies(idxImageVector(slice(), 0), 28, 28, evenlySpacedAngles(0, 90, 4, true));
    const std::string png = encodeImageStripPng({row, row.leftCols(2)}, 28, 28, 2);
    QVERIFY(png.size() > 100 && png.substr(1, 3) == "PNG");
  }

  // The paper's pipeline (shared noise, geodesic from SLERP, Tweedie): the solver finds a path
  // far shorter than LERP under the metric, but in 784-D it does so by keeping s(mᵢ) ⟂ Δᵢ at the
  // few midpoints: its denoised images snap from θ₁ to θ₂ like LERP's (docs/rotated-mnist.md).
  // The refined length (segments cut in 8) exposes it. This pins the measured behaviour down.
  void methodsAreNamedFromTheirMetricAndStart() {
    const RotatedDigitGeodesicMethod lerp =
        rotatedDigitMethod(MetricKind::Pullback, PathInitialization::Lerp);
    QCOMPARE(lerp.name, std::string("pullback-lerp"));
    QVERIFY(lerp.solver == GeodesicSolverKind::Adam);
    QCOMPARE(rotatedDigitMethod(MetricKind::Score, PathInitialization::Graph).name,
             std::string("paper-graph"));
    for (const RotatedDigitGeodesicMethod& m : allRotatedDigitMethods())
      QVERIFY(rotatedDigitMethod(m.name).metric == m.metric);
    QCOMPARE(int(allRotatedDigitMethods().size()), 4);
    QVERIFY_EXCEPTION_THROWN(rotatedDigitMethod(MetricKind::Euclidean, PathInitialization::Slerp),
                             InvalidArgumentError);
  }

  void noisyPipelineOnThreeDigits() {
    const IdxImages images = slice();
    const RotatedDigitGeodesicOptions options = oneMethod("paper-slerp", 8, 180);
    for (int index : {0, 1, 2}) {
      const RotatedDigitGeodesicResult r = onDigit(images, index, options);
      const auto& g = r.method("paper-slerp");
      const auto& l = r.method("lerp");
      qInfo("digit %d: %s; length %.1f (refined %.1f) vs %.1f", index,
            qPrintable(imageFigures(g, l)), g.length, g.refinedLength, l.length);
      QVERIFY(std::abs(g.matches.front().angle - 0) <=
              3);  // the denoised ends are the end rotations
      QVERIFY(std::abs(g.matches.back().angle - 90) <= 3);
      QVERIFY(g.length < 0.1 * l.length);  // the optimisation works: far shorter under the metric
      QVERIFY(g.refinedLength > 3 * g.length);  // ... between its midpoints it is not
      QVERIFY(std::abs(l.refinedLength - l.length) <
              0.2 * l.length);                                  // a straight line is resolved
      QVERIFY(g.meanAngleError > 10 && l.meanAngleError > 10);  // both snap to the ends
      QCOMPARE(r.truth.cols(), 8);
    }
  }

  // With clean ends and the true rotations as the start (a diagnostic, not a fair method), the
  // solver stays near the rotations: a rotation-following critical path of the energy exists, and
  // there the denoised geodesic is closer to the true rotations than LERP on every digit.
  void geodesicFromTrueRotationsBeatsLerpOnThreeDigits() {
    const IdxImages images = slice();
    RotatedDigitGeodesicOptions options = oneMethod("paper-slerp", 10, 180);
    options.perturb = false;
    options.startFromTrueRotations = true;
    options.geodesic.maxIterations = 40;
    for (int index : {0, 1, 2}) {
      const RotatedDigitGeodesicResult r = onDigit(images, index, options);
      const auto& g = r.method("paper-slerp");
      const auto& l = r.method("lerp");
      qInfo("digit %d (clean ends, rotation start): %s", index, qPrintable(imageFigures(g, l)));
      QVERIFY(g.meanMse < l.meanMse);
      QVERIFY(g.meanSsim > l.meanSsim);
      QVERIFY(g.monotonic);
      QVERIFY(g.meanAngleError < 8 && l.meanAngleError > 15);
    }
  }

  // The true rotations with the ends' noise are measured beside every method: the same ends, the
  // truth at the level in between, both metrics' energies (the pullback one equal to a direct
  // evaluation). Under the exact score with clean ends the data are the rotations alone, so both
  // metrics rank the rotation below the chord, and its denoised images are the truth.
  void trueRotationsAreMeasuredUnderBothMetrics() {
    const IdxImages images = slice();
    RotatedDigitGeodesicOptions options = oneMethod("paper-slerp", 10, 180);
    options.perturb = false;
    options.geodesic.maxIterations = 5;
    for (int index : {0, 1, 2}) {
      const Eigen::VectorXd digit = idxImageVector(images, index);
      const RotatedDigitGeodesicResult r = computeRotatedDigitGeodesic(digit, 28, 28, options);
      const RotatedDigitMethodResult& t = r.trueRotations;
      const auto& l = r.method("lerp");
      qInfo(
          "digit %d: pullback energy true rotations %.1f, LERP %.1f; score-metric energy %.1f, "
          "%.1f; MSE %.5f, %.5f",
          index, t.pullbackEnergy, l.pullbackEnergy, t.energy, l.energy, t.meanMse, l.meanMse);
      QCOMPARE(QString::fromStdString(t.method), QString("true-rotations"));
      QCOMPARE(t.path.cols(), Eigen::Index(10));
      QVERIFY((t.path.col(0) - l.path.col(0)).norm() < 1e-12);
      QVERIFY((t.path.col(9) - l.path.col(9)).norm() < 1e-12);
      QVERIFY((t.path.col(4) - r.truth.col(4)).norm() < 1e-12);  // clean ends: no noise
      const auto score = makeRotatedDigitScore(digit, 28, 28, 180, options.sigma);
      const ScorePullbackMetric pullback(score, options.metric.pullbackEpsilon,
                                         options.metric.pullbackPieces);
      const PathEnergyEvaluation direct = PathEnergy(pullback).evaluate(t.path, false);
      QVERIFY(std::abs(direct.energy - t.pullbackEnergy) < 1e-9 * direct.energy);
      QVERIFY(std::abs(direct.length - t.pullbackLength) < 1e-9 * direct.length);
      QVERIFY(t.pullbackEnergy < l.pullbackEnergy);
      QVERIFY(t.energy < l.energy);
      QVERIFY(t.meanMse < l.meanMse && t.meanAngleError < 2);
    }
  }

  // The best measured method (the score-pullback metric from the data-graph start, Adam) follows
  // the rotation where LERP and the paper's geodesic snap from θ₁ to θ₂ (docs/rotated-mnist.md):
  // on each of three digits its angle error is below a third of LERP's and its images are closer
  // to the evenly rotated truth.
  void bestMethodFollowsTheRotationOnThreeDigits() {
    const IdxImages images = slice();
    RotatedDigitGeodesicOptions options = oneMethod("pullback-graph", 10, 180);
    options.geodesic.adamIterations = 300;
    for (int index : {0, 1, 2}) {
      options.seed = 1 + index;
      const RotatedDigitGeodesicResult r = onDigit(images, index, options);
      const auto& p = r.method("pullback-graph");
      const auto& l = r.method("lerp");
      qInfo("digit %d: angle error pullback-graph %.2f° LERP %.2f°; MSE to the even truth %.5f / "
            "%.5f; largest step %.1f°; graph %.2f s, %lld evaluations; angles %s",
            index, p.meanAngleError, l.meanAngleError, p.meanMseToEvenTruth,
            l.meanMseToEvenTruth, p.largestAngleStep, p.graphSeconds, p.graphScoreEvaluations,
            qPrintable(angleList(p)));
      QVERIFY(p.meanAngleError < l.meanAngleError / 3);
      QVERIFY(p.meanMseToEvenTruth < l.meanMseToEvenTruth);
      QVERIFY(p.graphSeconds > 0 && p.graphScoreEvaluations > 0);
      QVERIFY(p.scoreEvaluations > p.graphScoreEvaluations);
    }
  }

  // With a model the graph needs references from outside the test digit: without them a clear
  // error; with other digits' rotations it runs and reports its cost.
  void modelGraphStartNeedsReferences() {
    const auto model = DigitDiffusionModel::load(
        qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() +
            "/resources/models/rotated-mnist-unet.pt",
        DeviceChoice::Cpu);
    const IdxImages images = slice();
    RotatedDigitGeodesicOptions options;
    options.model = model;
    options.ddimSteps = 4;
    options.points = 5;
    options.methods = {rotatedDigitMethod("paper-graph")};
    options.geodesic.maxIterations = 2;
    const Eigen::VectorXd digit = idxImageVector(images, 0);
    try {
      computeRotatedDigitGeodesic(digit, 28, 28, options);
      QFAIL("no references, no error");
    } catch (const InvalidArgumentError& e) {
      QVERIFY2(QString(e.what()).contains("reference images"), e.what());
    }
    IdxImages slice = images;  // digits 10..29 of the slice: never the test digit 0
    slice.count = 20;
    slice.pixels.erase(slice.pixels.begin(), slice.pixels.begin() + 10 * 28 * 28);
    slice.pixels.resize(std::size_t(20) * 28 * 28);
    const DigitReferencePool pool(std::move(slice));
    NearestRotatedDigitsOptions near;
    near.angleStep = 0.001;  // 360 000 copies a digit: steps under 1° are refused
    QVERIFY_EXCEPTION_THROWN(nearestPoolDigits(pool, digit, digit, 28, 28, options, near),
                             InvalidArgumentError);
    near.digits = 21;  // more than the pool holds
    near.angleStep = 30;
    QVERIFY_EXCEPTION_THROWN(nearestPoolDigits(pool, digit, digit, 28, 28, options, near),
                             InvalidArgumentError);
    near.digits = 4;
    options.graphImages = nearestPoolDigits(pool, digit, digit, 28, 28, options, near);
    QCOMPARE(options.graphImages->cols(), Eigen::Index(4 * 12));
    const RotatedDigitGeodesicResult r = computeRotatedDigitGeodesic(digit, 28, 28, options);
    const auto& g = r.method("paper-graph");
    QVERIFY(g.graphSeconds > 0 && g.graphScoreEvaluations > 0);
    QVERIFY(r.solver.graphStart && r.solver.graphStart->referenceCount == 48);
  }

  void annealingRuns() {
    RotatedDigitGeodesicOptions options = oneMethod("paper-slerp", 6, 90);
    options.annealFrom = 3.0;
    options.annealSteps = 2;
    options.geodesic.maxIterations = 10;
    const Eigen::VectorXd digit = idxImageVector(slice(), 4);
    const RotatedDigitGeodesicResult r = computeRotatedDigitGeodesic(digit, 28, 28, options);
    const auto& path = r.method("paper-slerp").path;
    // The ends are the σ-level ends, whatever the annealing did before.
    QVERIFY((path.col(0) - r.method("lerp").path.col(0)).norm() < 1e-12);
    QVERIFY((path.col(5) - r.method("lerp").path.col(5)).norm() < 1e-12);
  }

  void evaluationOverPairsWithProgressAndCancel() {
    IdxDataset dataset;
    dataset.images = slice();
    dataset.labels.assign(std::size_t(dataset.images.count), 3);
    RotatedDigitEvaluationOptions options;
    options.pairs = 3;
    options.firstDigit = 5;
    options.experiment.points = 5;
    options.experiment.rotations = 90;
    options.experiment.geodesic.maxIterations = 5;
    options.experiment.methods = {rotatedDigitMethod("paper-slerp")};
    int calls = 0;
    SolverControl control;
    control.progress = [&](double, int, double) { ++calls; };
    const RotatedDigitEvaluationResult r = evaluateRotatedDigits(dataset, options, control);
    QCOMPARE(calls, 3);
    QCOMPARE(int(r.rows.size()), 3);
    QCOMPARE(r.rows[2].digitIndex, 7);
    QCOMPARE(r.rows[2].fromAngle, -45.0);  // the third angle pair
    // paper-slerp, lerp, slerp and the reference row of the noisy true rotations.
    QCOMPARE(int(r.summaries.size()), 4);
    QCOMPARE(QString::fromStdString(r.summaries[3].method), QString("true-rotations"));
    QVERIFY(r.summaries[1].meanLength > 0 && r.summaries[0].medianMseRatio > 0);
    QVERIFY(r.summaries[3].meanPullbackLength > 0 && r.summaries[1].pullbackEnergyBelowLerp == 0);
    const QStringList lines = QString::fromStdString(toCsv(r)).trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 3 * 4);
    QVERIFY(lines[0].startsWith("pair,digit_index,label,from_angle,to_angle,method,mean_mse"));
    QVERIFY(lines[0].endsWith(",pullback_length,pullback_energy"));
    QVERIFY(lines[4].contains(",true-rotations,"));
    std::atomic<bool> cancel{true};
    SolverControl cancelled;
    cancelled.cancel = &cancel;
    QVERIFY_THROWS_EXCEPTION(CancelledError, evaluateRotatedDigits(dataset, options, cancelled));
    options.pairs = 30;
    QVERIFY_EXCEPTION_THROWN(evaluateRotatedDigits(dataset, options), InvalidArgumentError);
  }

  // The paper's pipeline with the U-Net geodex ships (--score model): both ends go to level t
  // with one noise in the model's [−1, 1] space, the geodesic is solved there, and every point
  // is denoised by DDIM.
  void modelPipelineWithTheShippedUnet() {
    const auto model = DigitDiffusionModel::load(
        qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() +
            "/resources/models/rotated-mnist-unet.pt",
        DeviceChoice::Cpu);
    QCOMPARE(model->rows(), 28);
    RotatedDigitGeodesicOptions options;
    options.model = model;
    options.timestep = 200;
    options.ddimSteps = 10;
    options.points = 6;
    options.geodesic.maxIterations = 6;
    options.methods = {rotatedDigitMethod("paper-slerp")};
    const Eigen::VectorXd digit = idxImageVector(slice(), 0);
    const RotatedDigitGeodesicResult r = computeRotatedDigitGeodesic(digit, 28, 28, options);
    QVERIFY2(QString::fromStdString(r.score).contains("t=200"), r.score.c_str());
    const auto& g = r.method("paper-slerp");
    const auto& l = r.method("lerp");
    const auto& s = r.method("slerp");
    // Shared noise: the ends differ by exactly the scaled clean difference √ᾱ_t·2·(b − a).
    const Eigen::VectorXd cleanDifference =
        2 * (rotateImage(digit, 28, 28, 90) - rotateImage(digit, 28, 28, 0));
    QVERIFY(((g.path.col(5) - g.path.col(0)) -
             model->schedule().signalScale(200) * cleanDifference)
                .norm() < 1e-9);
    QVERIFY((g.path.col(0) - l.path.col(0)).norm() < 1e-12);
    QVERIFY(std::abs(r.endpointNoiseNorm / (model->schedule().sigma(200) * 28) - 1) < 0.1);
    // Every method's images are clean [0, 1] images, and the ends are denoised alike.
    for (const auto* m : {&g, &l, &s}) {
      QCOMPARE(m->images.cols(), 6);
      QVERIFY(m->images.minCoeff() >= 0 && m->images.maxCoeff() <= 1);
      QCOMPARE(int(m->imageSteps.size()), 5);
    }
    QVERIFY((g.images.col(0) - l.images.col(0)).norm() < 1e-5);
    // From level 200 DDIM comes back to the digit: the first end is the digit at 0°.
    qInfo("U-Net, t = 200: end at %.1f° (MSE %.4f), at %.1f° (MSE %.4f); energy geodesic %.1f, "
          "SLERP %.1f; mean MSE geodesic %.4f, LERP %.4f",
          g.matches.front().angle, g.matches.front().mse, g.matches.back().angle,
          g.matches.back().mse, g.energy, s.energy, g.meanMse, l.meanMse);
    QVERIFY(std::abs(g.matches.front().angle) <= 10 && g.matches.front().mse < 0.03);
    // The solver lowers the energy of its SLERP start.
    QVERIFY(g.energy < s.energy);
    // What the learned metric makes of the truth at t = 200 (docs/rotated-mnist.md): the true
    // rotations with the ends' noise denoise to the digit's rotations, yet under the pullback
    // metric they are longer than the chord, so its geodesic has no reason to rotate.
    const RotatedDigitMethodResult& t = r.trueRotations;
    qInfo("U-Net, t = 200: true rotations MSE %.4f, pullback energy %.1f; LERP %.4f, %.1f",
          t.meanMse, t.pullbackEnergy, l.meanMse, l.pullbackEnergy);
    QVERIFY(t.meanMse < l.meanMse && t.meanAngleError < 10);
    QVERIFY(t.pullbackEnergy > 2 * l.pullbackEnergy);

    options.timestep = 1000;
    QVERIFY_EXCEPTION_THROWN(computeRotatedDigitGeodesic(digit, 28, 28, options),
                             InvalidArgumentError);
    options.timestep = 200;
    options.annealFrom = 3;
    QVERIFY_EXCEPTION_THROWN(computeRotatedDigitGeodesic(digit, 28, 28, options),
                             InvalidArgumentError);
    QVERIFY_EXCEPTION_THROWN(DigitDiffusionModel::load("/nonexistent/unet.pt"), IoError);
    QVERIFY_EXCEPTION_THROWN(
        DigitDiffusionModel::load(qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() +
                                  "/resources/models/sphere-mlp.pt"),
        ModelError);
  }

  // Two different digits: the same pipeline, no ground truth, and the image steps.
  void twoDigitsHaveNoTruthButImageSteps() {
    const IdxImages images = slice();
    const Eigen::VectorXd first = idxImageVector(images, 0), second = idxImageVector(images, 1);
    RotatedDigitGeodesicOptions options = oneMethod("paper-slerp", 6, 90);
    options.geodesic.maxIterations = 10;
    const RotatedDigitGeodesicResult r =
        computeDigitPairGeodesic(first, second, 28, 28, options);
    QCOMPARE(r.truth.cols(), 0);
    QVERIFY(r.trueRotations.method.empty());
    const auto& g = r.method("paper-slerp");
    const auto& l = r.method("lerp");
    QVERIFY(g.matches.empty() && std::isnan(g.meanMse));
    QCOMPARE(int(g.imageSteps.size()), 5);
    QVERIFY(g.imageStepUniformity.maxOverMean >= 1);
    const Eigen::VectorXd a = rotateImage(first, 28, 28, 0), b = rotateImage(second, 28, 28, 90);
    QVERIFY(((g.path.col(5) - g.path.col(0)) - (b - a)).norm() < 1e-9);  // shared noise
    // Tweedie's ends are the two digits (the mixture of both digits' rotations knows both).
    QVERIFY((g.images.col(0) - a).norm() < (g.images.col(0) - b).norm());
    QVERIFY((g.images.col(5) - b).norm() < (g.images.col(5) - a).norm());
    QVERIFY(g.length < l.length);
  }

  void badOptionsAreRejected() {
    const Eigen::VectorXd digit = idxImageVector(slice(), 0);
    RotatedDigitGeodesicOptions options;
    options.sigma = -1;
    QVERIFY_EXCEPTION_THROWN(computeRotatedDigitGeodesic(digit, 28, 28, options),
                             InvalidArgumentError);
    options = {};
    options.toAngle = options.fromAngle;
    QVERIFY_EXCEPTION_THROWN(computeRotatedDigitGeodesic(digit, 28, 28, options),
                             InvalidArgumentError);
    QVERIFY_EXCEPTION_THROWN(computeRotatedDigitGeodesic(digit, 27, 28, {}), InvalidArgumentError);
    options = {};
    options.metric.quadratureNodes = 6;
    QVERIFY_EXCEPTION_THROWN(computeRotatedDigitGeodesic(digit, 28, 28, options),
                             InvalidArgumentError);
  }
};

QTEST_GUILESS_MAIN(TestMnistGeodesic)
#include "test_mnist_geodesic.moc"
