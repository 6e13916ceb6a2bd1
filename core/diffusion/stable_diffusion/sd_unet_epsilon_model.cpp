#include "core/diffusion/stable_diffusion/sd_unet_epsilon_model.h"

namespace geodex {

SdUnetEpsilonModel::SdUnetEpsilonModel(SdUnet unet, torch::Tensor context, PredictionType prediction,
                                       const NoiseSchedule& schedule,
                                       std::vector<std::int64_t> latentShape, torch::Device device,
                                       torch::Dtype dtype)
    : unet_(std::move(unet)),
      context_(std::move(context)),
      prediction_(prediction),
      latentShape_(std::move(latentShape)),
      device_(device),
      dtype_(dtype) {
  const std::vector<double>& bars = schedule.alphaBars();
  alphaBars_ = torch::tensor(bars, torch::kFloat64).to(device);
}

torch::Tensor SdUnetEpsilonModel::computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const {
  const torch::Tensor out = unet_->forward(x, t, context_.to(x.scalar_type()));
  if (prediction_ == PredictionType::Epsilon) return out;
  const torch::Tensor bar = alphaBars_.index_select(0, t).to(x.scalar_type()).view({-1, 1, 1, 1});
  return bar.sqrt() * out + (1 - bar).sqrt() * x;
}

}  // namespace geodex
