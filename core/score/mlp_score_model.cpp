#include "core/score/mlp_score_model.h"

#include <cmath>

#include "core/score/mlp_score_model_impl.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"
#include "core/util/torch_checkpoint.h"
#include "core/util/torch_device.h"

namespace geodex {

namespace {
constexpr const char* kKind = "geodex-mlp-score";

MlpScoreNetworkOptions networkOptions(const MlpScoreModelConfig& config) {
  MlpScoreNetworkOptions options;
  options.dimension = config.dimension;
  options.hiddenWidth = config.hiddenWidth;
  options.hiddenLayers = config.hiddenLayers;
  options.levelFeatures = config.levelFeatures;
  return options;
}
}  // namespace

MlpScoreModel::MlpScoreModel(const MlpScoreModelConfig& config, DeviceChoice device,
                             std::uint64_t seed)
    : config_(config), impl_(std::make_unique<Impl>()) {
  config.validate();
  impl_->device = resolveDevice(device);
  impl_->network = MlpScoreNetwork(networkOptions(config));
  at::Generator generator = at::detail::createCPUGenerator(seed);
  impl_->network->initialize(generator);  // on the CPU, before moving: same weights everywhere
  impl_->network->to(impl_->device);
  weightsChanged();
}

MlpScoreModel::~MlpScoreModel() = default;

void MlpScoreModel::weightsChanged() {
  torch::NoGradGuard noGrad;
  auto copy = MlpScoreNetwork(networkOptions(config_));
  copy->to(impl_->device, torch::kFloat64);
  const auto source = impl_->network->parameters();
  auto target = copy->parameters();
  for (std::size_t i = 0; i < source.size(); ++i) target[i].copy_(source[i]);
  copy->eval();
  for (auto& p : copy->parameters()) p.set_requires_grad(false);
  impl_->evaluation = copy;

  const std::shared_ptr<MlpScoreNetworkImpl> net = copy.ptr();
  const double sigma = config_.sigma;
  auto score = [net, sigma](const torch::Tensor& x) {
    const torch::Tensor logSigma = torch::full({x.size(0)}, std::log(sigma), x.options());
    return net->forward(x, logSigma) * (-1.0 / sigma);
  };
  impl_->delegate = std::make_unique<TorchScoreModel>(name(), config_.dimension, score,
                                                      impl_->device, torch::kFloat64,
                                                      /*gradientField=*/false);
}

std::string MlpScoreModel::name() const {
  return "mlp-trained" + (config_.data.empty() ? std::string() : "(" + config_.data + ")");
}

std::string MlpScoreModel::deviceName() const { return impl_->device.str(); }

long long MlpScoreModel::parameterCount() const {
  long long count = 0;
  for (const auto& p : impl_->network->parameters()) count += p.numel();
  return count;
}

void MlpScoreModel::save(const std::string& path) const {
  writeFileAtomically(path, encode(path));
}

std::string MlpScoreModel::encode(const std::string& path) const {
  return TorchCheckpoint::encode(path, kKind, config_.headerNumbers(), {{"data", config_.data}},
                                 *impl_->network);
}

std::unique_ptr<MlpScoreModel> MlpScoreModel::load(const std::string& path, DeviceChoice device) {
  const torch::Device target = resolveDevice(device);
  const TorchCheckpoint checkpoint(path, kKind, target);
  // Range-checked before a network is sized from them; loadInto then checks every tensor's shape.
  const MlpScoreModelConfig config = MlpScoreModelConfig::fromHeader(checkpoint.header());
  return translateLibraryErrors("loading the MLP score model '" + path + "'", [&] {
    auto model = std::make_unique<MlpScoreModel>(config, device, /*seed=*/0);
    checkpoint.loadInto(*model->impl_->network);
    model->impl_->network->to(target);
    model->weightsChanged();
    return model;
  });
}

Eigen::MatrixXd MlpScoreModel::computeScore(const Eigen::MatrixXd& points) const {
  return impl_->delegate->score(points);
}

Eigen::MatrixXd MlpScoreModel::computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                                            const Eigen::MatrixXd& vectors) const {
  return impl_->delegate->jacobianVectorProduct(points, vectors);
}

Eigen::MatrixXd MlpScoreModel::computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                                            const Eigen::MatrixXd& vectors) const {
  return impl_->delegate->vectorJacobianProduct(points, vectors);
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> MlpScoreModel::computeScoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  return impl_->delegate->scoreAndVectorJacobianProduct(points, vectors);
}

}  // namespace geodex
