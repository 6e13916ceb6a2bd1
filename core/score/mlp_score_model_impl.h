#pragma once
// MlpScoreModel's LibTorch side, for the code that trains it. Includes LibTorch.
#include "core/score/mlp_score_model.h"
#include "core/score/mlp_score_network.h"
#include "core/score/torch_score_model.h"

namespace geodex {

struct MlpScoreModel::Impl {
  torch::Device device{torch::kCPU};
  MlpScoreNetwork network{nullptr};     // float32, the weights training updates
  MlpScoreNetwork evaluation{nullptr};  // float64 copy behind score()
  std::unique_ptr<TorchScoreModel> delegate;  // autograd products of the float64 copy
};

}  // namespace geodex
