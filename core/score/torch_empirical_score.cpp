#include "core/score/torch_empirical_score.h"

#include <cmath>
#include <numbers>

#include "core/score/torch_score_model.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/torch_device.h"

namespace geodex {

std::unique_ptr<ScoreModel> makeTorchEmpiricalScore(const Eigen::MatrixXd& samples, double sigma,
                                                    DeviceChoice deviceChoice) {
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    throw InvalidArgumentError("σ must be positive and finite, got " + numberText(sigma));
  if (samples.cols() == 0) throw InvalidArgumentError("empirical score needs at least one sample");
  const torch::Device device = resolveDevice(deviceChoice);
  const int d = static_cast<int>(samples.rows());
  // Samples as rows [M × d] on the device.
  const torch::Tensor y = torch::from_blob(const_cast<double*>(samples.data()),
                                           {samples.cols(), samples.rows()}, torch::kFloat64)
                              .to(device, torch::kFloat64, false, true);
  const double logNormaliser = std::log(static_cast<double>(samples.cols())) +
                               0.5 * d * std::log(2.0 * std::numbers::pi * sigma * sigma);
  auto logDensity = [y, sigma, logNormaliser](const torch::Tensor& x) {
    // ‖x‖² + ‖y‖² − 2xᵀy rather than cdist: cdist's gradient is NaN at zero distance.
    const torch::Tensor squaredDistances = x.square().sum(1, true) + y.square().sum(1).unsqueeze(0) -
                                           2.0 * x.mm(y.t());  // [B × M]
    return torch::logsumexp(-squaredDistances / (2.0 * sigma * sigma), 1) - logNormaliser;
  };
  return TorchScoreModel::fromLogDensity("empirical-torch", d, logDensity, device,
                                         torch::kFloat64);
}

}  // namespace geodex
