#pragma once
// A score model computed by LibTorch on a chosen device, with Jacobian products by autograd.
// Either the score is given directly (a network: s = f(x)), or as the gradient of a
// log-density (s = ∇ log p, computed by autograd). This header includes LibTorch: include it
// only from core .cpp files and tests, never from ui/.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <optional>

#include "core/score/score_model.h"

namespace geodex {

class TorchScoreModel : public ScoreModel {
 public:
  // x [B × d] → [B × d] (score) or [B] (log-density); differentiable in x.
  using TensorFunction = std::function<torch::Tensor(const torch::Tensor& x)>;

  // A score given directly. `gradientField` declares J symmetric (true for ∇ log p models).
  // `computedIn`: the dtype `score` computes in when it is coarser than `dtype` (a float32
  // network behind a float64 autograd graph); it sets unitRoundoff().
  TorchScoreModel(std::string name, int dimension, TensorFunction score, torch::Device device,
                  torch::Dtype dtype, bool gradientField,
                  std::optional<torch::Dtype> computedIn = std::nullopt);
  // s = ∇ log p by autograd; log p also serves logDensity().
  static std::unique_ptr<TorchScoreModel> fromLogDensity(std::string name, int dimension,
                                                         TensorFunction logDensity,
                                                         torch::Device device, torch::Dtype dtype);

  std::string name() const override { return name_; }
  int dimension() const override { return dimension_; }
  bool isGradientField() const override { return gradientField_; }
  bool hasLogDensity() const override { return static_cast<bool>(logDensity_); }
  double unitRoundoff() const override { return unitRoundoff_; }
  torch::Device device() const { return device_; }

  // Eigen [d × B] ↔ tensor [B × d] on this model's device and dtype.
  torch::Tensor toTensor(const Eigen::MatrixXd& columns) const;
  static Eigen::MatrixXd toColumns(const torch::Tensor& rows);

 protected:
  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const override;
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override;
  Eigen::MatrixXd computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override;
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> computeScoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd computeLogDensity(const Eigen::MatrixXd& points) const override;

 private:
  // Score of x (requires_grad set by the caller when a graph is needed).
  torch::Tensor scoreTensor(const torch::Tensor& x, bool createGraph) const;

  std::string name_;
  int dimension_;
  TensorFunction score_;
  TensorFunction logDensity_;
  torch::Device device_;
  torch::Dtype dtype_;
  bool gradientField_;
  double unitRoundoff_;
};

}  // namespace geodex
