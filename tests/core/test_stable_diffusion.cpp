// The Stable Diffusion pipeline without real weights: a stand-in model folder in
// tools/export_sd.py's format, built here with torch::jit::Module::define — a VAE that averages
// 8×8 blocks and maps RGB to 4 channels (its decoder upsamples and maps back with the
// pseudo-inverse, so decode(encode(x)) is x block-averaged) and a U-Net-like ε(x, t) with the
// real signature — on 32×32 images (latent 4×4×4).
#include <QtTest>
#include <torch/script.h>
#include <torch/torch.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/data/image_io.h"
#include "core/diffusion/ddim_sampler.h"
#include "core/pipelines/image_interpolation.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/eval/inception_scorer.h"
#include "core/eval/lpips_scorer.h"
#include "core/score/chunked_score_model.h"
#include "core/diffusion/epsilon_score_model.h"
#include "core/util/errors.h"
#include "tests/core/image_test_helpers.h"
#include "tests/support/sd_stand_in.h"

using namespace geodex;
using geodex::test::Defect;
using geodex::test::kScale;
using geodex::test::saveModule;
using geodex::test::writeStandInModel;

namespace {

ImageInterpolationOptions fastOptions() {
  ImageInterpolationOptions o;
  o.points = 5;
  o.ddimSteps = 5;
  o.seed = 3;
  o.iterations = 20;
  o.metricsOptions.brisque = false;
  return o;
}

// A stand-in Inception: 4×4 block means of the RGB input, flattened to 48 features.
constexpr const char* kStandInInception =
    "def forward(self, images):\n"
    "    return torch.adaptive_avg_pool2d(images, [4, 4]).flatten(1)\n";

void writeText(const QString& path, const QString& text) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  file.write(text.toUtf8());
}

double maxDifference(const RgbImage& a, const RgbImage& b) {
  return (a.pixels - b.pixels).cwiseAbs().maxCoeff();
}

}  // namespace

class TestStableDiffusion : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::string folder_;
  RgbImage photoA_, photoB_;

 private Q_SLOTS:
  void initTestCase() {
    folder_ = dir_.filePath("model").toStdString();
    writeStandInModel(folder_);
    // To try geodex-cli interpolate without real weights: keep a copy of the stand-in folder.
    if (const QByteArray keep = qgetenv("GEODEX_STANDIN_MODEL_OUT"); !keep.isEmpty())
      writeStandInModel(keep.toStdString());
    photoA_ = loadRgbImage(test::shippedImage("astronaut.png"));
    photoB_ = loadRgbImage(test::shippedImage("chelsea.png"));
  }

  void scaledLinearScheduleMatchesDiffusers() {
    const NoiseSchedule s = NoiseSchedule::scaledLinear();
    QCOMPARE(s.timesteps(), 1000);
    QVERIFY(std::abs(s.beta(0) - 0.00085) < 1e-12);
    QVERIFY(std::abs(s.beta(999) - 0.012) < 1e-12);
    const double mid = std::sqrt(0.00085) + (std::sqrt(0.012) - std::sqrt(0.00085)) * 500 / 999;
    QVERIFY(std::abs(s.beta(500) - mid * mid) < 1e-12);
    QVERIFY(parseNoiseScheduleKind("scaled_linear") == NoiseScheduleKind::ScaledLinear);
  }

  void loadsEncodesAndDecodes() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 2, 1});
    QCOMPARE(model->imageSize(), 32);
    QCOMPARE(model->latentDimension(), 64);
    QVERIFY(model->schedule().kind() == NoiseScheduleKind::ScaledLinear);
    const RgbImage flat = test::flatImage(40, 50, 0.2f, 0.5f, 0.9f);  // fitted on encode
    const Eigen::VectorXd latent = model->encode(flat);
    QCOMPARE(latent.size(), 64);
    // Channel 0 of the unscaled latent is R in [−1, 1]: (2·0.2 − 1)·scale.
    QVERIFY(std::abs(latent[0] - (2 * 0.2 - 1) * kScale) < 1e-5);
    Eigen::MatrixXd three(64, 3);
    three << latent, latent, 0.5 * latent;
    const std::vector<RgbImage> images = model->decode(three);  // 2 chunks (2 + 1)
    QCOMPARE(images.size(), std::size_t(3));
    QCOMPARE(images[0].rows, 32);
    QVERIFY(maxDifference(images[0], resizeCentreCrop(flat, 32)) < 1e-5);
  }

  // --graph-images: a folder of photos, encoded and taken to level t with the ends' noise, is the
  // geodesic's data graph; its path starts and ends at the noisy ends and the cost is reported.
  void graphStartThroughAnImageFolder() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 4, 1});
    ImageInterpolationOptions options = fastOptions();
    options.methods = {InterpolationMethod::Geodesic};
    options.graphImages = loadImageFolder(test::shippedImage(""), model->imageSize(), 100);
    options.graph.neighbours = 3;
    QVERIFY(options.graphImages.size() >= 3);
    const ImageInterpolationResult r = interpolateImages(*model, photoA_, photoB_, options);
    const GeodesicResult& solve = r.paths.front().solver;
    QVERIFY(solve.graphStart.has_value());
    QCOMPARE(solve.graphStart->referenceCount, int(options.graphImages.size()));
    QVERIFY(solve.graphStart->scoreEvaluations > 0);
    QVERIFY((solve.path.col(0) - r.noisyA).norm() < 1e-9);
    QVERIFY((solve.path.col(4) - r.noisyB).norm() < 1e-9);
    QVERIFY_EXCEPTION_THROWN(loadImageFolder(folder_, 32, 100), IoError);  // no images there
  }

  void pipelineSharesNoiseAndKeepsEnds() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 4, 1});
    int snapshots = 0;
    SolverControl control;
    control.snapshot = [&](const Eigen::MatrixXd& path, int, double) {
      QCOMPARE(path.rows(), 64);
      QCOMPARE(path.cols(), 5);
      ++snapshots;
    };
    double lastFraction = 0.0;
    bool monotone = true;
    control.progress = [&](double fraction, int, double) {
      monotone = monotone && fraction >= lastFraction - 1e-12;
      lastFraction = fraction;
    };
    const ImageInterpolationResult r = interpolateImages(*model, photoA_, photoB_, fastOptions(), control);
    QCOMPARE(r.timestep, 400);
    QCOMPARE(r.paths.size(), std::size_t(4));
    QVERIFY(snapshots > 0);
    QVERIFY(monotone && std::abs(lastFraction - 1.0) < 1e-9);

    // Both ends carry the same ε·√(1−ᾱ_t).
    const double a = std::sqrt(r.alphaBar), s = std::sqrt(1 - r.alphaBar);
    QVERIFY((r.noisyA - a * r.cleanA - s * r.noise).norm() < 1e-9);
    QVERIFY((r.noisyB - a * r.cleanB - s * r.noise).norm() < 1e-9);
    QVERIFY((r.cleanA - r.cleanB).norm() > 0.1);

    // Reconstructions of the inputs, computed independently: decode(DDIM(perturb(encode(img)))).
    const auto eps = model->unet();
    DdimOptions ddim;
    ddim.steps = 5;
    const DdimSampler sampler(*eps, model->schedule(), ddim);
    const auto toBatch = [](const Eigen::VectorXd& v) {
      return torch::from_blob(const_cast<double*>(v.data()), {1, 4, 4, 4}, torch::kFloat64).clone();
    };
    const SharedNoisePerturbation p = perturbWithSharedNoise(
        toBatch(model->encode(photoA_)), toBatch(model->encode(photoB_)), model->schedule(), 400, 3);
    const auto reconstruct = [&](const torch::Tensor& x) {
      const torch::Tensor clean = sampler.denoise(x, 400).samples.contiguous();
      const Eigen::Map<const Eigen::MatrixXd> column(clean.data_ptr<double>(), 64, 1);
      return model->decode(column).front();
    };
    const RgbImage reconA = reconstruct(p.first), reconB = reconstruct(p.second);

    for (const ImageInterpolationPath& path : r.paths) {
      const QByteArray name = QByteArray::fromStdString(toString(path.method));
      QCOMPARE(path.latents.rows(), 64);
      QCOMPARE(path.latents.cols(), 5);
      QCOMPARE(path.frames.size(), std::size_t(5));
      QCOMPARE(path.frames.front().cols, 32);
      QVERIFY2((path.latents.col(0) - r.noisyA).norm() < 1e-9, name);
      QVERIFY2((path.latents.col(4) - r.noisyB).norm() < 1e-9, name);
      QVERIFY2(maxDifference(path.frames.front(), reconA) < 1e-4, name);
      QVERIFY2(maxDifference(path.frames.back(), reconB) < 1e-4, name);
      QVERIFY2(path.length > 0 && path.energy >= path.length * path.length / 2 - 1e-9, name);
      QVERIFY2(std::isfinite(path.refinedLength) && path.refinedLength > 0, name);
      QCOMPARE(path.metrics.stepDistances.size(), std::size_t(4));
    }
    // The geodesic starts from SLERP and lowers its energy under the same metric.
    QVERIFY(r.paths[0].method == InterpolationMethod::Geodesic);
    QVERIFY(r.paths[2].method == InterpolationMethod::Slerp);
    QVERIFY(r.paths[0].energy <= r.paths[2].energy * (1 + 1e-9));
    QVERIFY(r.paths[0].solver.iterations > 0);
  }

  void chunkedScoreEqualsWholeBatch() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 4, 1});
    const std::shared_ptr<const ScoreModel> whole = makeEpsilonScoreModel(model->unet(), model->schedule(), 400);
    const ChunkedScoreModel chunked(whole, 2);
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(64, 5), v = Eigen::MatrixXd::Random(64, 5);
    // The U-Net runs in float32, whose rounding may depend on the batch size.
    const auto close = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
      return (a - b).norm() <= 1e-5 * b.norm();
    };
    QVERIFY(close(chunked.score(x), whole->score(x)));
    const auto [s, vjp] = chunked.scoreAndVectorJacobianProduct(x, v);
    QVERIFY(close(s, whole->score(x)));
    QVERIFY(close(vjp, whole->vectorJacobianProduct(x, v)));
    QVERIFY(close(chunked.jacobianVectorProduct(x, v), whole->jacobianVectorProduct(x, v)));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, ChunkedScoreModel(whole, 0));
  }

  void deterministicWithSeed() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 4, 1});
    ImageInterpolationOptions o = fastOptions();
    o.methods = {InterpolationMethod::Geodesic, InterpolationMethod::NoiseDiffusion};
    const auto r1 = interpolateImages(*model, photoA_, photoB_, o);
    const auto r2 = interpolateImages(*model, photoA_, photoB_, o);
    for (std::size_t m = 0; m < 2; ++m) {
      QCOMPARE(r1.paths[m].latents, r2.paths[m].latents);
      for (std::size_t i = 0; i < 5; ++i) QCOMPARE(r1.paths[m].frames[i].pixels, r2.paths[m].frames[i].pixels);
    }
    o.seed = 4;
    const auto r3 = interpolateImages(*model, photoA_, photoB_, o);
    QVERIFY((r3.noise - r1.noise).norm() > 1.0);
  }

  void cancellationStops() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 4, 1});
    std::atomic<bool> cancel{false};
    SolverControl control;
    control.cancel = &cancel;
    double reached = 0.0;
    control.progress = [&](double fraction, int, double) {
      reached = fraction;
      if (fraction > 0.3) cancel = true;
    };
    QVERIFY_THROWS_EXCEPTION(CancelledError,
                             interpolateImages(*model, photoA_, photoB_, fastOptions(), control));
    QVERIFY(reached > 0.3 && reached < 1.0);  // stopped at a check, before the end
    std::atomic<bool> early{true};
    control.cancel = &early;
    reached = 0.0;
    QVERIFY_THROWS_EXCEPTION(CancelledError,
                             interpolateImages(*model, photoA_, photoB_, fastOptions(), control));
    QCOMPARE(reached, 0.0);
  }

  void badOptionsAreRejected() {
    const auto model = StableDiffusionModel::load(folder_, {DeviceChoice::Cpu, 4, 1});
    ImageInterpolationOptions o = fastOptions();
    o.timestep = 1000;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, interpolateImages(*model, photoA_, photoB_, o));
    o = fastOptions();
    o.points = 2;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, interpolateImages(*model, photoA_, photoB_, o));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, parseInterpolationMethod("morph"));
  }

  void badFoldersNameTheProblem_data() {
    QTest::addColumn<int>("defect");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("what");
    QTest::newRow("missing unet") << int(Defect::MissingUnet) << "unet.pt" << "missing";
    QTest::newRow("malformed json") << int(Defect::MalformedJson) << "model.json" << "not valid JSON";
    QTest::newRow("wrong shape") << int(Defect::WrongEncoderShape) << "vae_encoder.pt" << "returns shape [1, 3, 4, 4]";
    QTest::newRow("nan output") << int(Defect::NanUnet) << "unet.pt" << "non-finite";
  }

  void badFoldersNameTheProblem() {
    QFETCH(int, defect);
    QFETCH(QString, file);
    QFETCH(QString, what);
    QTemporaryDir dir;
    const std::string folder = dir.filePath("broken").toStdString();
    writeStandInModel(folder, static_cast<Defect>(defect));
    QString message;
    try {
      StableDiffusionModel::load(folder, {DeviceChoice::Cpu, 4, 1});
    } catch (const GeodexError& e) {
      message = QString::fromStdString(e.what());
    }
    QVERIFY2(message.contains(file) && message.contains(what), qPrintable(message));
    QVERIFY2(!message.contains('\n'), qPrintable(message));
    QVERIFY_THROWS_EXCEPTION(IoError, StableDiffusionModel::load(dir.filePath("none").toStdString()));
  }

  void lpipsScorerChecksItsModule() {
    QTemporaryDir dir;
    const std::string good = dir.filePath("good.pt").toStdString(), bad = dir.filePath("bad.pt").toStdString();
    saveModule(good, "def forward(self, a, b):\n    return ((a - b) * (a - b)).mean([1, 2, 3])\n", {});
    saveModule(bad, "def forward(self, a, b):\n    return a - b\n", {});
    const auto scorer = LpipsScorer::load(good, DeviceChoice::Cpu);
    const RgbImage black(8, 8), white = test::flatImage(8, 8, 1, 1, 1);
    const std::vector<double> steps = scorer->steps({black, white, white});
    QCOMPARE(steps.size(), std::size_t(2));
    QVERIFY(std::abs(steps[0] - 4.0) < 1e-9 && steps[1] == 0.0);
    try {
      LpipsScorer::load(bad, DeviceChoice::Cpu);
      QFAIL("a module returning images was accepted");
    } catch (const ModelError& e) {
      QVERIFY2(QString(e.what()).contains("bad.pt"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(IoError, LpipsScorer::load(dir.filePath("none.pt").toStdString()));
  }

  void cliWritesJsonStripAndGif() {
    QTemporaryDir out;
    const QString json = out.filePath("r.json"), strip = out.filePath("s.png"), gif = out.filePath("a.gif");
    const QString root = qEnvironmentVariable("GEODEX_SOURCE_DIR") + "/resources/images/";
    const QString lpips = out.filePath("lpips.pt");
    saveModule(lpips.toStdString(), "def forward(self, a, b):\n    return ((a - b) * (a - b)).mean([1, 2, 3])\n", {});
    const QStringList common{"interpolate", "--model", QString::fromStdString(folder_), "--a",
                             root + "astronaut.png", "--b", root + "coffee.png"};
    QProcess process;
    process.start(GEODEX_CLI_PATH, common + QStringList{"--method", "all", "--points", "4",
                                                        "--ddim-steps", "3", "--iterations", "10",
                                                        "--device", "cpu", "--no-brisque", "--json",
                                                        json, "--strip", strip, "--gif", gif,
                                                        "--frames", out.filePath("frames"),
                                                        "--lpips", lpips});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const nlohmann::json j = nlohmann::json::parse(file.readAll().toStdString());
    QCOMPARE(j["methods"].size(), 4u);
    QCOMPARE(j["t"].get<int>(), 400);
    QCOMPARE(j["methods"][0]["method"].get<std::string>(), std::string("geodesic"));
    QCOMPARE(j["methods"][1]["metrics"]["step_distances"].size(), 3u);
    // The stand-in LPIPS is the MSE in [−1, 1]: 4× the squared RMS step in [0, 1].
    const double rms = j["methods"][1]["metrics"]["step_distances"][0];
    QVERIFY(std::abs(j["methods"][1]["lpips_steps"][0].get<double>() - 4 * rms * rms) < 1e-5);
    const QImage image(strip);
    QVERIFY(!image.isNull() && image.width() > 4 * 32 && image.height() > 4 * 32);
    // The GIF stacks the four methods' 32×32 frames, each row with a label band on its left.
    QCOMPARE(QImage(gif).height(), 4 * 32);
    QVERIFY(QImage(gif).width() > 32);
    // One subfolder of frames per method.
    for (const char* method : {"geodesic", "lerp", "slerp", "noisediffusion"})
      QCOMPARE(QDir(out.filePath("frames/") + method).entryList(QDir::Files).size(), 4);

    // Bad input: exit 2 with one line, nothing written.
    const QString never = out.filePath("never.json");
    for (const QStringList& bad : {QStringList{"--points", "1"}, QStringList{"--method", "morph"},
                                   QStringList{"--solver", "newton"}, QStringList{"--lpips", "nope.pt"}}) {
      QProcess p;
      p.start(GEODEX_CLI_PATH, common + bad + QStringList{"--json", never});
      QVERIFY(p.waitForFinished(60000));
      const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
      QCOMPARE(p.exitCode(), 2);
      QVERIFY2(err.startsWith("geodex-cli: error:") && !err.contains('\n'), qPrintable(err));
    }
    QProcess missing;
    missing.start(GEODEX_CLI_PATH, {"interpolate", "--model", QString::fromStdString(folder_), "--a",
                                    out.filePath("nope.png"), "--b", root + "coffee.png", "--json", never});
    QVERIFY(missing.waitForFinished(60000));
    QCOMPARE(missing.exitCode(), 2);
    QVERIFY(!QFile::exists(never));
  }
  void inceptionScorerChecksItsModule() {
    QTemporaryDir dir;
    const std::string good = dir.filePath("good.pt").toStdString();
    saveModule(good, kStandInInception, {});
    const auto scorer = InceptionScorer::load(good, DeviceChoice::Cpu);
    QCOMPARE(scorer->featureSize(), 48);
    // Features are the 4×4 block means per channel; images of two sizes, batches of 2.
    const RgbImage red = test::flatImage(8, 8, 1, 0, 0), grey = test::flatImage(16, 12, 0.5f, 0.5f, 0.5f);
    const Eigen::MatrixXd f = scorer->features({red, red, grey, red}, 2);
    QCOMPARE(f.rows(), Eigen::Index(4));
    QCOMPARE(f.cols(), Eigen::Index(48));
    QVERIFY(std::abs(f.row(0).head(16).sum() - 16.0) < 1e-6 && f.row(0).tail(32).norm() < 1e-6);
    QVERIFY((f.row(2).array() - 0.5).abs().maxCoeff() < 1e-6);
    QVERIFY(f.row(3) == f.row(0));
    QCOMPARE(scorer->features({}).rows(), Eigen::Index(0));

    // A module whose output does not have one row per image, and one that is not TorchScript.
    const std::string pooled = dir.filePath("pooled.pt").toStdString();
    saveModule(pooled, "def forward(self, images):\n    return images.mean([0, 2, 3]).unsqueeze(0)\n", {});
    try {
      InceptionScorer::load(pooled, DeviceChoice::Cpu);
      QFAIL("a module with one row per batch was accepted");
    } catch (const ModelError& e) {
      QVERIFY2(QString(e.what()).contains("pooled.pt") && QString(e.what()).contains("[1, 3]"), e.what());
    }
    const QString text = dir.filePath("text.pt");
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a model");
    file.close();
    QVERIFY_THROWS_EXCEPTION(IoError, InceptionScorer::load(text.toStdString(), DeviceChoice::Cpu));
    QVERIFY_THROWS_EXCEPTION(IoError, InceptionScorer::load(dir.filePath("none.pt").toStdString()));
  }

  void cliPairsWithInceptionReportsFidAndKid() {
    QTemporaryDir out;
    const QString root = qEnvironmentVariable("GEODEX_SOURCE_DIR") + "/resources/images/";
    // The list lives next to copies of two photos (relative paths) and names one absolutely.
    QVERIFY(QFile::copy(root + "chelsea.png", out.filePath("chelsea.png")));
    QVERIFY(QFile::copy(root + "coffee.png", out.filePath("coffee.png")));
    const QString pairs = out.filePath("pairs.txt");
    writeText(pairs, "# MorphBench-style list\nchelsea.png coffee.png\n\n" + root +
                         "astronaut.png   chelsea.png  # second pair\n");
    const QString inception = out.filePath("inception.pt");
    saveModule(inception.toStdString(), kStandInInception, {});
    const QString json = out.filePath("r.json"), strip = out.filePath("s.png");
    const QStringList common{"interpolate", "--model", QString::fromStdString(folder_), "--method",
                             "all", "--points", "4", "--ddim-steps", "3", "--iterations", "10",
                             "--device", "cpu", "--no-brisque"};
    QProcess process;
    process.start(GEODEX_CLI_PATH, common + QStringList{"--pairs", pairs, "--inception", inception,
                                                        "--json", json, "--strip", strip});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const nlohmann::json j = nlohmann::json::parse(file.readAll().toStdString());
    QCOMPARE(j["pair_count"].get<int>(), 2);
    QCOMPARE(j["pairs"].size(), 2u);
    QCOMPARE(j["pairs"][1]["line"].get<int>(), 4);
    QCOMPARE(j["pairs"][0]["methods"].size(), 4u);
    QVERIFY(j["fid_kid"]["protocol"].get<std::string>().find("interior frames") != std::string::npos);
    QCOMPARE(j["fid_kid"]["feature_size"].get<int>(), 48);
    QCOMPARE(j["fid_kid"]["interior_frames_per_method"].get<int>(), 2 * 2);
    QCOMPARE(j["fid_kid"]["input_images"].get<int>(), 3);  // chelsea twice: counted once
    QCOMPARE(j["methods"].size(), 4u);
    for (const auto& method : j["methods"]) {
      const double fid = method["fid_interior_vs_inputs"], kid = method["kid_interior_vs_inputs"];
      QVERIFY2(std::isfinite(fid) && fid >= 0 && std::isfinite(kid),
               method.dump().c_str());
      QVERIFY(method["mean_length"].get<double>() > 0);
    }
    QCOMPARE(j["methods"][0]["method"].get<std::string>(), std::string("geodesic"));
    QCOMPARE(QImage(strip).height() > 8 * 32, true);  // 2 pairs × 4 methods rows

    // A broken list names the file and the line; a module that is no Inception is named; both
    // exit non-zero and write nothing.
    const QString never = out.filePath("never.json");
    const QString broken = out.filePath("broken.txt");
    writeText(broken, "chelsea.png coffee.png\nchelsea.png\n");
    const QString missing = out.filePath("missing.txt");
    writeText(missing, "chelsea.png nope.png\n");
    const QString wrong = out.filePath("wrong.pt");
    saveModule(wrong.toStdString(), "def forward(self, images):\n    return images\n", {});
    const QList<std::pair<QStringList, QString>> cases{
        {{"--pairs", broken}, "broken.txt:2: expected two image paths"},
        {{"--pairs", missing}, "missing.txt:1: image"},
        {{"--pairs", pairs, "--inception", wrong}, "wrong.pt"},
        {{"--pairs", pairs, "--inception", out.filePath("none.pt")}, "none.pt"},
        {{"--pairs", pairs, "--gif", out.filePath("x.gif")}, "--gif"},
        {{"--a", root + "coffee.png", "--b", root + "chelsea.png", "--pairs", pairs}, "--pairs"}};
    for (const auto& [arguments, expected] : cases) {
      QProcess p;
      p.start(GEODEX_CLI_PATH, common + arguments + QStringList{"--json", never});
      QVERIFY(p.waitForFinished(60000));
      const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
      QVERIFY2(p.exitCode() != 0, qPrintable(arguments.join(' ')));
      QVERIFY2(err.startsWith("geodex-cli: error:") && err.contains(expected) && !err.contains('\n'),
               qPrintable(err));
    }
    QVERIFY(!QFile::exists(never));
  }
};

QTEST_GUILESS_MAIN(TestStableDiffusion)
#include "test_stable_diffusion.moc"
