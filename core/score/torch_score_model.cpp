#include "core/score/torch_score_model.h"

#include <algorithm>

#include "core/util/errors.h"

namespace geodex {

namespace {

// Half the distance from 1 to the next number of the floating-point type.
double unitRoundoffOf(torch::Dtype dtype) {
  switch (dtype) {
    case torch::kFloat16: return 0x1p-11;
    case torch::kBFloat16: return 0x1p-8;
    case torch::kFloat32: return 0x1p-24;
    default: return 0x1p-53;
  }
}

}  // namespace

TorchScoreModel::TorchScoreModel(std::string name, int dimension, TensorFunction score,
                                 torch::Device device, torch::Dtype dtype, bool gradientField,
                                 std::optional<torch::Dtype> computedIn)
    : name_(std::move(name)),
      dimension_(dimension),
      score_(std::move(score)),
      device_(device),
      dtype_(dtype),
      gradientField_(gradientField),
      unitRoundoff_(std::max(unitRoundoffOf(dtype), unitRoundoffOf(computedIn.value_or(dtype)))) {
  if (dimension_ < 1) throw InvalidArgumentError("model dimension must be at least 1");
}

std::unique_ptr<TorchScoreModel> TorchScoreModel::fromLogDensity(std::string name, int dimension,
                                                                 TensorFunction logDensity,
                                                                 torch::Device device,
                                                                 torch::Dtype dtype) {
  auto model = std::make_unique<TorchScoreModel>(std::move(name), dimension, nullptr, device,
                                                 dtype, /*gradientField=*/true);
  model->logDensity_ = std::move(logDensity);
  return model;
}

torch::Tensor TorchScoreModel::toTensor(const Eigen::MatrixXd& columns) const {
  // A column-major [d × B] Eigen matrix has the memory layout of a row-major [B × d] tensor.
  const torch::Tensor view = torch::from_blob(const_cast<double*>(columns.data()),
                                              {columns.cols(), columns.rows()}, torch::kFloat64);
  return view.to(device_, dtype_, /*non_blocking=*/false, /*copy=*/true);
}

Eigen::MatrixXd TorchScoreModel::toColumns(const torch::Tensor& rows) {
  const torch::Tensor host = rows.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  Eigen::MatrixXd out(host.size(1), host.size(0));
  std::memcpy(out.data(), host.data_ptr<double>(), sizeof(double) * host.numel());
  return out;
}

torch::Tensor TorchScoreModel::scoreTensor(const torch::Tensor& x, bool createGraph) const {
  torch::Tensor s;
  if (score_) {
    s = score_(x);
  } else {
    // s = ∇ log p: needs x in the graph even when the caller only wants values.
    torch::Tensor logp = logDensity_(x);
    s = torch::autograd::grad({logp.sum()}, {x}, {}, /*retain_graph=*/createGraph,
                              /*create_graph=*/createGraph)[0];
  }
  if (s.dim() != 2 || s.size(0) != x.size(0) || s.size(1) != dimension_) {
    throw ModelError("model '" + name_ + "' returned a score of shape " +
                     c10::str(s.sizes()) + " for input " + c10::str(x.sizes()));
  }
  return s;
}

Eigen::MatrixXd TorchScoreModel::computeScore(const Eigen::MatrixXd& points) const {
  torch::Tensor x = toTensor(points);
  if (score_) {
    torch::NoGradGuard noGrad;
    return toColumns(scoreTensor(x, false));
  }
  x.requires_grad_(true);
  return toColumns(scoreTensor(x, false));
}

Eigen::MatrixXd TorchScoreModel::computeVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  return computeScoreAndVectorJacobianProduct(points, vectors).second;
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> TorchScoreModel::computeScoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  torch::Tensor x = toTensor(points).requires_grad_(true);
  const torch::Tensor s = scoreTensor(x, true);
  const torch::Tensor v = toTensor(vectors);
  // Row b of the result is vᵦᵀ J(xᵦ) = (J(xᵦ)ᵀ vᵦ)ᵀ, since points do not interact.
  const torch::Tensor vjp = torch::autograd::grad({s}, {x}, {v})[0];
  return {toColumns(s), toColumns(vjp)};
}

Eigen::MatrixXd TorchScoreModel::computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                                              const Eigen::MatrixXd& vectors) const {
  if (gradientField_) return computeVectorJacobianProduct(points, vectors);
  // Double-backward trick: g(u) = Jᵀu is linear in u, and ∂(g(u)·v)/∂u = J v.
  torch::Tensor x = toTensor(points).requires_grad_(true);
  const torch::Tensor s = scoreTensor(x, true);
  torch::Tensor u = torch::zeros_like(s).requires_grad_(true);
  const torch::Tensor jtu = torch::autograd::grad({s}, {x}, {u}, true, true)[0];
  const torch::Tensor jv = torch::autograd::grad({jtu}, {u}, {toTensor(vectors)})[0];
  return toColumns(jv);
}

Eigen::VectorXd TorchScoreModel::computeLogDensity(const Eigen::MatrixXd& points) const {
  if (!logDensity_) return ScoreModel::computeLogDensity(points);
  torch::NoGradGuard noGrad;
  const torch::Tensor logp =
      logDensity_(toTensor(points)).detach().to(torch::kCPU, torch::kFloat64).contiguous();
  return Eigen::Map<const Eigen::VectorXd>(logp.data_ptr<double>(), logp.numel());
}

}  // namespace geodex
