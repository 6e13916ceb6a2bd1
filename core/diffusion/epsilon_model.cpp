#include "core/diffusion/epsilon_model.h"

#include "core/util/errors.h"

namespace geodex {

std::int64_t EpsilonModel::sampleSize() const {
  std::int64_t size = 1;
  for (const std::int64_t n : sampleShape()) size *= n;
  return size;
}

torch::Tensor EpsilonModel::predict(const torch::Tensor& x, const torch::Tensor& t) const {
  const std::vector<std::int64_t> shape = sampleShape();
  const bool shapeOk = x.dim() == static_cast<std::int64_t>(shape.size()) + 1 &&
                       std::equal(shape.begin(), shape.end(), x.sizes().begin() + 1);
  if (!shapeOk) {
    std::string expected = "[B";
    for (const std::int64_t n : shape) expected += ", " + std::to_string(n);
    throw InvalidArgumentError("model '" + name() + "' takes inputs of shape " + expected +
                               "], got " + shapeString(x.sizes()));
  }
  if (t.dim() != 1 || t.size(0) != x.size(0))
    throw InvalidArgumentError("model '" + name() + "': timesteps must be [B] = [" +
                               std::to_string(x.size(0)) + "], got " + shapeString(t.sizes()));
  const torch::Tensor input = x.to(device(), dtype());
  const torch::Tensor steps = t.to(device(), torch::kLong);
  const torch::Tensor eps = computeEpsilon(input, steps);
  if (!eps.sizes().equals(input.sizes()))
    throw ModelError("model '" + name() + "' returned ε of shape " + shapeString(eps.sizes()) +
                     " for input " + shapeString(input.sizes()) +
                     " (an ε-model must return a tensor shaped like x)");
  if (!torch::isfinite(eps).all().item<bool>())
    throw NumericalError("model '" + name() + "' returned a non-finite ε");  // the run failed
  return eps;
}

torch::Tensor EpsilonModel::predict(const torch::Tensor& x, std::int64_t t) const {
  return predict(x, torch::full({x.size(0)}, t, torch::TensorOptions().dtype(torch::kLong)));
}

}  // namespace geodex
