#pragma once
// The empirical score (see EmpiricalScore) computed by LibTorch on a chosen device as the
// autograd gradient of the smoothed empirical log-density. Same numbers as EmpiricalScore;
// this one runs on CUDA when present. Torch-free header: the model comes back as a ScoreModel.
#include <memory>

#include "core/score/score_model.h"
#include "core/util/device.h"

namespace geodex {

// samples [d × M], σ > 0.
std::unique_ptr<ScoreModel> makeTorchEmpiricalScore(const Eigen::MatrixXd& samples, double sigma,
                                                    DeviceChoice device = DeviceChoice::Auto);

}  // namespace geodex
