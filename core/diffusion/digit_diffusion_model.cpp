#include "core/diffusion/digit_diffusion_model.h"

#include "core/diffusion/ddim_sampler.h"
#include "core/diffusion/unet_epsilon_model.h"
#include "core/diffusion/epsilon_score_model.h"
#include "core/score/torch_score_model.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"

namespace geodex {

std::shared_ptr<const DigitDiffusionModel> DigitDiffusionModel::load(const std::string& path,
                                                                     DeviceChoice device) {
  return std::make_shared<DigitDiffusionModel>(UnetEpsilonModel::load(path, device), path);
}

DigitDiffusionModel::DigitDiffusionModel(std::shared_ptr<UnetEpsilonModel> network,
                                         std::string path)
    : network_(std::move(network)),
      path_(std::move(path)),
      schedule_(network_ ? NoiseSchedule(network_->scheduleOptions()) : NoiseSchedule()) {
  if (!network_) throw InvalidArgumentError("no U-Net given");
  const std::vector<std::int64_t> shape = network_->sampleShape();
  if (shape.size() != 3 || shape[0] != 1)
    throw ModelError((path_.empty() ? std::string("the U-Net") : path_) +
                     ": a digit model takes single-channel images [1, H, W], this one takes " +
                     shapeString(shape));
  rows_ = static_cast<int>(shape[1]);
  cols_ = static_cast<int>(shape[2]);
}

std::string DigitDiffusionModel::deviceName() const { return network_->device().str(); }

Eigen::MatrixXd DigitDiffusionModel::toModelSpace(const Eigen::MatrixXd& images) {
  return (2.0 * images.array() - 1.0).matrix();
}

Eigen::MatrixXd DigitDiffusionModel::toImageSpace(const Eigen::MatrixXd& samples) {
  return ((samples.array() + 1.0) * 0.5).cwiseMax(0.0).cwiseMin(1.0).matrix();
}

Eigen::MatrixXd DigitDiffusionModel::unscaledImages(const Eigen::MatrixXd& samples, int t) const {
  return toImageSpace(samples / schedule_.signalScale(t));
}

Eigen::MatrixXd DigitDiffusionModel::perturb(const Eigen::MatrixXd& clean,
                                             const Eigen::VectorXd& unitNoise, int t) const {
  if (unitNoise.size() != clean.rows())
    throw InvalidArgumentError("the noise has " + std::to_string(unitNoise.size()) +
                               " entries, the samples " + std::to_string(clean.rows()));
  Eigen::MatrixXd noisy = schedule_.signalScale(t) * clean;
  noisy.colwise() += schedule_.sigma(t) * unitNoise;
  return noisy;
}

std::shared_ptr<const ScoreModel> DigitDiffusionModel::scoreAt(int t) const {
  return makeEpsilonScoreModel(network_, schedule_, t);
}

Eigen::MatrixXd DigitDiffusionModel::denoise(const Eigen::MatrixXd& samples, int t, int steps,
                                             const SolverControl& control) const {
  if (samples.rows() != Eigen::Index(rows_) * cols_)
    throw InvalidArgumentError("the samples have " + std::to_string(samples.rows()) +
                               " pixels, the model's images " + std::to_string(rows_ * cols_));
  DdimOptions options;
  options.steps = steps;
  const DdimSampler sampler(*network_, schedule_, options);
  return translateLibraryErrors(
      "denoising " + std::to_string(samples.cols()) + " digits with '" + path_ + "'", [&] {
        const torch::Tensor batch =
            torch::from_blob(const_cast<double*>(samples.data()), {samples.cols(), 1, rows_, cols_},
                             torch::kFloat64)
                .clone();
        const DdimResult result = sampler.denoise(batch, t, control);
        return toImageSpace(
            TorchScoreModel::toColumns(result.samples.reshape({samples.cols(), -1})));
      });
}

}  // namespace geodex
