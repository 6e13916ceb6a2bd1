// The U-Net shipped in resources/models (trained by `geodex-cli train --data rotated-mnist`,
// command in resources/models/README.md) loads, and at the paper's level t = 400 its noise
// prediction on rotated test digits (digits it never saw) points along the true noise: the
// score −ε̂/√(1−ᾱ) points from the noisy image towards the clean one.
#include <QtTest>
#include <torch/torch.h>

#include <QDir>

#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/unet_epsilon_model.h"
#include "core/score/parallel_score_model.h"

using namespace geodex;

class TestShippedUnet : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void predictsTheNoiseOfRotatedTestDigits() {
    const QDir source(qEnvironmentVariable("GEODEX_SOURCE_DIR"));
    const auto model = UnetEpsilonModel::load(
        source.filePath("resources/models/rotated-mnist-unet.pt").toStdString(), DeviceChoice::Cpu);
    QCOMPARE(model->sampleShape(), (std::vector<std::int64_t>{1, 28, 28}));
    const IdxImages digits =
        readIdxImages(source.filePath("tests/data/mnist-slice-images-idx3-ubyte").toStdString());

    // 30 test digits at 30 angles, scaled to [−1, 1] as in training.
    const int n = digits.count;
    torch::Tensor clean = torch::empty({n, 1, 28, 28});
    for (int k = 0; k < n; ++k) {
      const Eigen::VectorXd rotated = rotateImage(idxImageVector(digits, k), 28, 28, 12.0 * k);
      for (int p = 0; p < 784; ++p) clean[k][0][p / 28][p % 28] = float(rotated[p] * 2 - 1);
    }
    const NoiseSchedule schedule(model->scheduleOptions());
    const int t = 400;
    torch::manual_seed(5);
    const torch::Tensor noise = torch::randn_like(clean);
    const double a = schedule.alphaBar(t);
    const torch::Tensor noisy = std::sqrt(a) * clean + std::sqrt(1 - a) * noise;
    torch::NoGradGuard noGrad;
    const torch::Tensor predicted = model->predict(noisy, t);
    const torch::Tensor cosine = torch::cosine_similarity(predicted.flatten(1), noise.flatten(1), 1);
    const double mean = cosine.mean().item<double>(), worst = cosine.min().item<double>();
    // Denoising with the prediction gets closer to the clean digits than the noisy input.
    const torch::Tensor estimate = (noisy - std::sqrt(1 - a) * predicted) / std::sqrt(a);
    const double before = (noisy / std::sqrt(a) - clean).pow(2).mean().item<double>();
    const double after = (estimate - clean).pow(2).mean().item<double>();
    qInfo("t = %d: cosine(ε̂, ε) mean %.3f, worst %.3f; x̂₀ MSE %.4f vs %.4f for the noisy input",
          t, mean, worst, after, before);
    QVERIFY(mean > 0.9);
    QVERIFY(worst > 0.8);
    QVERIFY(after < 0.25 * before);
  }

  // The U-Net's batch split over the cores (what the Rotated MNIST pipeline evaluates) gives the
  // network's own numbers, up to float32 rounding that may depend on the batch size.
  void parallelBlocksGiveTheNetworksScore() {
    const QDir source(qEnvironmentVariable("GEODEX_SOURCE_DIR"));
    const auto model = DigitDiffusionModel::load(
        source.filePath("resources/models/rotated-mnist-unet.pt").toStdString(), DeviceChoice::Cpu);
    const std::shared_ptr<const ScoreModel> network = model->scoreAt(200);
    const ParallelScoreModel parallel(network, 2);
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(784, 9), v = Eigen::MatrixXd::Random(784, 9);
    const auto close = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
      return (a - b).norm() <= 1e-5 * b.norm();
    };
    const auto [s, vjp] = parallel.scoreAndVectorJacobianProduct(x, v);
    QVERIFY(close(s, network->score(x)));
    QVERIFY(close(vjp, network->vectorJacobianProduct(x, v)));
    QVERIFY(close(parallel.jacobianVectorProduct(x, v), network->jacobianVectorProduct(x, v)));
  }
};

QTEST_MAIN(TestShippedUnet)
#include "test_shipped_unet.moc"
