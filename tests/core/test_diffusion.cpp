// Diffusion machinery against closed forms: DDPM schedules, ε ↔ score, DDIM on data whose exact
// ε is known (one point: exact for any K; a Gaussian: converges to the exact probability-flow
// map), shared-noise perturbation, TorchScript ε-models built here (round trip, shape errors),
// and the U-Net: a few training steps, checkpoint, cancellation.
#include <torch/script.h>
#include <torch/torch.h>

#include <QtTest>
#include <fstream>
#include <cmath>

#include "core/diffusion/ddim_sampler.h"
#include "core/diffusion/ddpm_trainer.h"
#include "core/diffusion/epsilon_model.h"
#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/unet_epsilon_model.h"
#include "core/diffusion/epsilon_score_model.h"
#include "core/diffusion/torchscript_epsilon_model.h"
#include "core/util/errors.h"
#include "core/util/torch_threads.h"
#include "cancel_at_step.h"
#include <atomic>
#include <thread>
#include <vector>

using namespace geodex;

namespace {

torch::Tensor alphaBarTensor(const NoiseSchedule& schedule) {
  return torch::tensor(schedule.alphaBars(), torch::kFloat64);
}

// Data N(μ, s²I) in R^d: E[ε | x_t] = √(1−ᾱ)(x_t − √ᾱ μ)/(ᾱ s² + 1 − ᾱ), exactly.
class GaussianEpsilonModel : public EpsilonModel {
 public:
  GaussianEpsilonModel(torch::Tensor mean, double s, const NoiseSchedule& schedule)
      : mean_(std::move(mean)), s_(s), alphaBars_(alphaBarTensor(schedule)) {}
  std::string name() const override { return "gaussian-exact"; }
  std::vector<std::int64_t> sampleShape() const override { return {mean_.size(0)}; }
  torch::Device device() const override { return torch::kCPU; }
  torch::Dtype dtype() const override { return torch::kFloat64; }
  // The exact probability-flow (DDIM, K → ∞) map from level t to 0.
  torch::Tensor exactClean(const torch::Tensor& xt, double abar) const {
    return mean_ + s_ * (xt - std::sqrt(abar) * mean_) / std::sqrt(abar * s_ * s_ + 1 - abar);
  }

 protected:
  torch::Tensor computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const override {
    const torch::Tensor abar = alphaBars_.index_select(0, t).unsqueeze(1);
    return (1 - abar).sqrt() * (x - abar.sqrt() * mean_) / (abar * s_ * s_ + 1 - abar);
  }

 private:
  torch::Tensor mean_;
  double s_;
  torch::Tensor alphaBars_;
};

// A TorchScript ε-model of data = the single point `center` (float64), saved to `path`.
void savePointModule(const std::string& path, const NoiseSchedule& schedule,
                     const torch::Tensor& center) {
  torch::jit::Module module("PointEpsilon");
  module.register_attribute("alpha_bars", c10::TensorType::get(), alphaBarTensor(schedule));
  module.register_attribute("center", c10::TensorType::get(), center);
  module.define(R"(
def forward(self, x, t):
    abar = self.alpha_bars[t].unsqueeze(1)
    return (x - abar.sqrt() * self.center) / (1.0 - abar).sqrt()
)");
  module.save(path);
}

void saveModule(const std::string& path, const std::string& source) {
  torch::jit::Module module("UserModel");
  module.register_attribute("w", c10::TensorType::get(), torch::ones({2, 16}));
  module.define(source);
  module.save(path);
}

template <typename F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const GeodexError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestDiffusion : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { torch::manual_seed(0); }  // every test draws the same random tensors

  void intraOpThreadsStepBackOnABusyMachine() {
    // Busy threads on every core and more: the automatic count drops to one intra-op thread;
    // an explicit count is kept, and the previous count comes back when the scope ends.
    const int cores = effectiveTorchThreads(0);
    const int before = torch::get_num_threads();
    std::atomic<bool> stop{false};
    std::vector<std::thread> busy;
    for (int i = 0; i < 2 * cores + 1; ++i)
      busy.emplace_back([&stop] {
        while (!stop.load(std::memory_order_relaxed)) {
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const int others = otherRunnableTasks();
    const int automatic = automaticTorchThreads();
    int scoped = 0;
    {
      const ScopedTorchThreads threads(0);
      scoped = torch::get_num_threads();
    }
    const int explicitCount = ScopedTorchThreads(cores).threads();
    stop = true;
    for (std::thread& t : busy) t.join();
    QVERIFY2(others >= cores, qPrintable(QString::number(others)));
    QCOMPARE(automatic, 1);
    QCOMPARE(scoped, 1);
    QCOMPARE(explicitCount, cores);
    QCOMPARE(torch::get_num_threads(), before);
  }

  void linearScheduleMatchesClosedForms() {
    const NoiseSchedule schedule = NoiseSchedule::linear();
    QCOMPARE(schedule.timesteps(), 1000);
    QCOMPARE(schedule.beta(0), 1e-4);
    QVERIFY(std::abs(schedule.beta(999) - 0.02) < 1e-15);
    QVERIFY(std::abs(schedule.beta(400) - (1e-4 + (0.02 - 1e-4) * 400 / 999)) < 1e-15);
    for (int t : {0, 1, 100, 400, 999}) {
      long double product = 1;
      for (int s = 0; s <= t; ++s) product *= 1 - (1e-4L + (0.02L - 1e-4L) * s / 999);
      QVERIFY(std::abs(schedule.alphaBar(t) - static_cast<double>(product)) < 1e-13);
      QVERIFY(std::abs(schedule.sigma(t) - std::sqrt(1 - schedule.alphaBar(t))) < 1e-15);
      // −log ᾱ_t = Σ −log(1 − β_s) = Σβ + Σβ²/2 + O(Σβ³), with the power sums of the
      // arithmetic sequence β_s = a + s·h in closed form.
      const double a = 1e-4, h = (0.02 - 1e-4) / 999, n = t + 1.0, m = t;
      const double sum1 = n * a + h * m * n / 2;
      const double sum2 = n * a * a + a * h * m * n + h * h * m * n * (2 * m + 1) / 6;
      const double remainder = -std::log(schedule.alphaBar(t)) - sum1 - sum2 / 2;
      const double betaMax = schedule.beta(t);
      QVERIFY(remainder >= 0 && remainder <= 0.34 * n * betaMax * betaMax * betaMax + 1e-15);
    }
    // The paper's level: ᾱ_400 ≈ 0.1936 (x_t keeps 44 % of the signal amplitude).
    QCOMPARE(NoiseSchedule::kPaperTimestep, 400);
    QVERIFY(std::abs(schedule.alphaBar(400) - 0.193572) < 1e-6);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, schedule.alphaBar(1000));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, schedule.alphaBar(-1));
  }

  void cosineScheduleMatchesClosedForm() {
    const NoiseSchedule schedule = NoiseSchedule::cosine();
    const auto f = [](double tau) {
      const double c = std::cos((tau / 1000 + 0.008) / 1.008 * M_PI / 2);
      return c * c;
    };
    // ᾱ_t telescopes to f(t+1)/f(0) wherever β was not clipped.
    for (int t : {0, 10, 400, 900}) QVERIFY(std::abs(schedule.alphaBar(t) - f(t + 1) / f(0)) < 1e-12);
    QVERIFY(schedule.beta(999) <= 0.999);
    for (int t = 1; t < 1000; ++t) QVERIFY(schedule.alphaBar(t) < schedule.alphaBar(t - 1));
  }

  void epsilonScoreConversion() {
    const NoiseSchedule schedule = NoiseSchedule::linear();
    const Eigen::MatrixXd eps = Eigen::MatrixXd::Random(3, 5);
    const int t = 400;
    const Eigen::MatrixXd score = schedule.scoreFromEpsilon(eps, t);
    QVERIFY((score + eps / std::sqrt(1 - schedule.alphaBar(t))).norm() < 1e-14);
    QVERIFY((schedule.epsilonFromScore(score, t) - eps).norm() < 1e-14);
    // Gaussian data N(0, I) stays N(0, I) under DDPM: s(x_t) = −x_t; the exact ε-model turns
    // into that score through makeEpsilonScoreModel.
    const auto model = std::make_shared<GaussianEpsilonModel>(torch::zeros({3}, torch::kFloat64), 1.0, schedule);
    const auto scoreModel = makeEpsilonScoreModel(model, schedule, t);
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(3, 4);
    QVERIFY((scoreModel->score(x) + x).norm() < 1e-12);
    const Eigen::MatrixXd v = Eigen::MatrixXd::Random(3, 4);
    QVERIFY((scoreModel->vectorJacobianProduct(x, v) + v).norm() < 1e-12);
    QVERIFY((scoreModel->jacobianVectorProduct(x, v) + v).norm() < 1e-12);
  }

  void ddimIsExactForOnePoint() {
    // Data = one point c: ε̂ is exact, so x̂₀ = c after any number of steps.
    const NoiseSchedule schedule = NoiseSchedule::linear();
    const torch::Tensor c = torch::tensor({0.3, -1.2, 2.0, 0.5}, torch::kFloat64);
    const GaussianEpsilonModel model(c, 0.0, schedule);
    for (int steps : {1, 7, 50}) {
      DdimOptions options;
      options.steps = steps;
      options.batchSize = 3;  // 10 samples in 4 batches
      const DdimSampler sampler(model, schedule, options);
      const torch::Tensor noise = torch::randn({10, 4}, torch::kFloat64);
      const torch::Tensor xt = perturbToLevel(c.expand({10, 4}), noise, schedule, 400);
      const DdimResult result = sampler.denoise(xt, 400);
      QCOMPARE(result.timesteps.size(), static_cast<std::size_t>(steps));
      QCOMPARE(result.timesteps.front(), 400);
      QCOMPARE(result.modelEvaluations, 10LL * steps);
      QVERIFY((result.samples - c).abs().max().item<double>() < 1e-10);
    }
  }

  void ddimConvergesToExactMapForGaussian() {
    const NoiseSchedule schedule = NoiseSchedule::linear();
    const torch::Tensor mean = torch::tensor({1.0, -0.5, 0.25}, torch::kFloat64);
    const GaussianEpsilonModel model(mean, 0.3, schedule);
    const int t = 400;
    const torch::Tensor xt = torch::randn({64, 3}, torch::kFloat64);
    const torch::Tensor exact = model.exactClean(xt, schedule.alphaBar(t));
    std::vector<double> errors;
    for (int steps : {10, 50, 400}) {
      DdimOptions options;
      options.steps = steps;
      options.batchSize = 64;
      const DdimResult result = DdimSampler(model, schedule, options).denoise(xt, t);
      errors.push_back(((result.samples - exact).norm() / exact.norm()).item<double>());
    }
    qInfo("DDIM vs exact probability-flow map (Gaussian data), K = 10/50/400: %.2e %.2e %.2e",
          errors[0], errors[1], errors[2]);
    QVERIFY(errors[1] < errors[0] / 3 && errors[2] < errors[1] / 3);  // first order in 1/K
    QVERIFY(errors[1] < 3e-2);
    QVERIFY(errors[2] < 5e-3);
  }

  void ddimTimestepsAndCancellation() {
    const NoiseSchedule schedule = NoiseSchedule::linear();
    const GaussianEpsilonModel model(torch::zeros({2}, torch::kFloat64), 1.0, schedule);
    const DdimSampler sampler(model, schedule, DdimOptions{});
    const std::vector<int> steps = sampler.timesteps(400);
    QCOMPARE(steps.size(), std::size_t{50});
    QCOMPARE(steps.front(), 400);
    QCOMPARE(steps.back(), 8);
    QCOMPARE(sampler.timesteps(3), (std::vector<int>{3, 2, 1}));
    QCOMPARE(sampler.timesteps(0), (std::vector<int>{0}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, sampler.timesteps(1000));
    test::CancelAtStep cancel(5);
    QVERIFY_THROWS_EXCEPTION(
        CancelledError, sampler.denoise(torch::randn({4, 2}, torch::kFloat64), 400, cancel.control));
    QCOMPARE(cancel.lastStep, 5);
  }

  void sharedNoisePerturbation() {
    const NoiseSchedule schedule = NoiseSchedule::linear();
    const torch::Tensor a = torch::rand({1, 28, 28}), b = torch::rand({1, 28, 28});
    const auto p = perturbWithSharedNoise(a, b, schedule, 400, 7);
    const double abar = schedule.alphaBar(400);
    // The same ε in both: (x_a − x_b) = √ᾱ (a − b) exactly.
    QVERIFY(torch::allclose(p.first - p.second, std::sqrt(abar) * (a - b), 1e-5, 1e-6));
    QVERIFY(torch::allclose(p.first, std::sqrt(abar) * a + std::sqrt(1 - abar) * p.noise, 1e-5, 1e-6));
    QVERIFY(torch::equal(perturbWithSharedNoise(a, b, schedule, 400, 7).noise, p.noise));
    QVERIFY(!torch::equal(perturbWithSharedNoise(a, b, schedule, 400, 8).noise, p.noise));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             perturbWithSharedNoise(a, torch::rand({28, 28}), schedule, 400, 7));
  }

  void torchScriptRoundTripDenoisesExactly() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("point.pt").toStdString();
    const NoiseSchedule schedule = NoiseSchedule::linear();
    const torch::Tensor c = torch::tensor({0.5, -0.25, 1.0}, torch::kFloat64);
    savePointModule(path, schedule, c);
    TorchScriptModelOptions options;
    options.sampleShape = {3};
    options.dtype = torch::kFloat64;
    options.device = DeviceChoice::Cpu;
    const auto model = TorchScriptEpsilonModel::load(path, options);
    QCOMPARE(model->sampleShape(), (std::vector<std::int64_t>{3}));
    const auto p = perturbWithSharedNoise(c.unsqueeze(0), c.unsqueeze(0), schedule, 400, 3);
    const torch::Tensor eps = model->predict(p.first, 400);
    QVERIFY(torch::allclose(eps, p.noise, 1e-9, 1e-9));
    const DdimResult result = DdimSampler(*model, schedule).denoise(torch::cat({p.first, p.second}), 400);
    QVERIFY((result.samples - c).abs().max().item<double>() < 1e-9);
    // As a ScoreModel: s = −(x − √ᾱ c)/(1 − ᾱ).
    const auto score = makeEpsilonScoreModel(model, schedule, 400);
    const Eigen::Vector3d x(0.1, 0.2, 0.3), center(0.5, -0.25, 1.0);
    const double abar = schedule.alphaBar(400);
    const Eigen::VectorXd expected = -(x - std::sqrt(abar) * center) / (1 - abar);
    QVERIFY((score->score(x) - expected).norm() < 1e-9);
  }

  void torchScriptConditioningIsPassed() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("cond.pt").toStdString();
    saveModule(path, R"(
def forward(self, x, t, cond):
    return x * 0.0 + cond
)");
    TorchScriptModelOptions options;
    options.sampleShape = {2};
    options.conditioning = torch::tensor({{3.0f, 4.0f}});
    options.device = DeviceChoice::Cpu;
    const auto model = TorchScriptEpsilonModel::load(path, options);
    const torch::Tensor eps = model->predict(torch::zeros({5, 2}), 10);
    QVERIFY(torch::equal(eps, torch::tensor({3.0f, 4.0f}).expand({5, 2})));
    options.conditioning = torch::tensor({3.0f, 4.0f});  // no batch dimension: ambiguous, refused
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, TorchScriptEpsilonModel::load(path, options));
  }

  void torchScriptMismatchGivesClearErrors() {
    QTemporaryDir dir;
    const std::string wrongInput = dir.filePath("wrong_input.pt").toStdString();
    saveModule(wrongInput, R"(
def forward(self, x, t):
    return x.matmul(self.w)
)");
    TorchScriptModelOptions options;
    options.sampleShape = {3};
    options.device = DeviceChoice::Cpu;
    QString error = errorOf([&] { TorchScriptEpsilonModel::load(wrongInput, options); });
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.contains("fails on forward(x [2, 3], t [2])") && error.contains("[3]-shaped"),
             qPrintable(error));
    QVERIFY2(!error.contains('\n'), qPrintable(error));

    const std::string wrongOutput = dir.filePath("wrong_output.pt").toStdString();
    saveModule(wrongOutput, R"(
def forward(self, x, t):
    return x[:, :2]
)");
    error = errorOf([&] { TorchScriptEpsilonModel::load(wrongOutput, options); });
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.contains("returns ε of shape [2, 2]"), qPrintable(error));

    // A two-argument model given a conditioning tensor.
    options.conditioning = torch::zeros({1, 4});
    const std::string plain = dir.filePath("plain.pt").toStdString();
    saveModule(plain, "def forward(self, x, t):\n    return x\n");
    error = errorOf([&] { TorchScriptEpsilonModel::load(plain, options); });
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.contains("cond [1, 4]"), qPrintable(error));
    options.conditioning = torch::Tensor();
    // Right model, wrong use afterwards: predict() rejects the shape before running it.
    const auto model = TorchScriptEpsilonModel::load(plain, options);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, model->predict(torch::zeros({2, 4}), 0));

    QVERIFY_THROWS_EXCEPTION(IoError, TorchScriptEpsilonModel::load(dir.filePath("nope.pt").toStdString(), options));
    const std::string junk = dir.filePath("junk.pt").toStdString();
    { std::ofstream(junk) << "junk"; }
    error = errorOf([&] { TorchScriptEpsilonModel::load(junk, options); });
    QVERIFY2(error.contains("not a TorchScript file"), qPrintable(error));
  }

  void unetTrainsSavesAndLoads() {
    const torch::Tensor images = torch::rand({16, 1, 28, 28}) * 2 - 1;
    DdpmTrainingOptions options;
    options.steps = 3;
    options.batchSize = 4;
    options.device = DeviceChoice::Cpu;
    const DdpmTrainingResult result = DdpmTrainer(options).train(images);
    QCOMPARE(result.steps, 3);
    QCOMPARE(static_cast<int>(result.lossCurve.size()), 3);
    for (double loss : result.lossCurve) QVERIFY(std::isfinite(loss) && loss > 0);
    const long long parameters = result.model->parameterCount();
    qInfo("U-Net: %lld parameters, %.2f training steps/s (batch 4)", parameters, result.stepsPerSecond);
    QVERIFY(parameters > 100000 && parameters < 1000000);

    QTemporaryDir dir;
    const std::string path = dir.filePath("unet.pt").toStdString();
    result.model->save(path);
    const auto loaded = UnetEpsilonModel::load(path, DeviceChoice::Cpu);
    QCOMPARE(loaded->sampleShape(), (std::vector<std::int64_t>{1, 28, 28}));
    QCOMPARE(loaded->scheduleOptions().timesteps, 1000);
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn({2, 1, 28, 28});
    QVERIFY(torch::allclose(loaded->predict(x, 400), result.model->predict(x, 400)));
    QVERIFY_THROWS_EXCEPTION(ModelError, MlpLoadOfUnet(path));

    // DDIM through the U-Net, batched.
    DdimOptions ddim;
    ddim.steps = 3;
    ddim.batchSize = 2;
    const DdimResult denoised = DdimSampler(*loaded, NoiseSchedule(loaded->scheduleOptions()), ddim)
                                    .denoise(torch::randn({3, 1, 28, 28}), 400);
    QCOMPARE(denoised.samples.sizes().vec(), (std::vector<std::int64_t>{3, 1, 28, 28}));
    QCOMPARE(denoised.modelEvaluations, 9LL);
  }

  void unetTrainingCancelsWithinOneStep() {
    DdpmTrainingOptions options;
    options.steps = 100;
    options.batchSize = 2;
    options.device = DeviceChoice::Cpu;
    test::CancelAtStep cancel(2);
    QVERIFY_THROWS_EXCEPTION(
        CancelledError, DdpmTrainer(options).train(torch::zeros({4, 1, 28, 28}), cancel.control));
    QCOMPARE(cancel.lastStep, 2);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, DdpmTrainer(options).train(torch::zeros({4, 28, 28})));
  }

 private:
  static void MlpLoadOfUnet(const std::string& path);
};

#include "core/score/mlp_score_model.h"
void TestDiffusion::MlpLoadOfUnet(const std::string& path) {
  MlpScoreModel::load(path, DeviceChoice::Cpu);
}

QTEST_GUILESS_MAIN(TestDiffusion)
#include "test_diffusion.moc"
