#include "core/diffusion/epsilon_score_model.h"

#include "core/diffusion/epsilon_model.h"
#include "core/diffusion/noise_schedule.h"
#include "core/score/torch_score_model.h"
#include "core/util/errors.h"

namespace geodex {

std::unique_ptr<ScoreModel> makeEpsilonScoreModel(std::shared_ptr<const EpsilonModel> model,
                                                  const NoiseSchedule& schedule, int t) {
  if (!model) throw InvalidArgumentError("no ε-model given");
  const double factor = schedule.scoreFactor(t);  // checks t
  std::vector<std::int64_t> shape{-1};
  const std::vector<std::int64_t> sample = model->sampleShape();
  shape.insert(shape.end(), sample.begin(), sample.end());
  const std::int64_t d = model->sampleSize();
  auto score = [model, shape, factor, t, d](const torch::Tensor& x) {
    const torch::Tensor eps = model->predict(x.reshape(shape), static_cast<std::int64_t>(t));
    return eps.reshape({-1, d}).to(x.dtype()) * factor;
  };
  return std::make_unique<TorchScoreModel>(model->name() + "@t=" + std::to_string(t),
                                           static_cast<int>(d), score, model->device(),
                                           torch::kFloat64, /*gradientField=*/false,
                                           model->dtype());
}

}  // namespace geodex
