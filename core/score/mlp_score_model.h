#pragma once
// A score model learned by denoising score matching (ScoreMatchingTrainer): an MLP predicts ε̂
// of x = y + σz and s(x) = −ε̂(x, σ)/σ. A ScoreModel like any other, so GeodesicSolver and the
// views use it unchanged. Evaluated in float64 (a copy of the float32 training weights) so the
// solvers' line searches see a smooth energy. Torch-free header; the network lives in Impl
// (mlp_score_model_impl.h, for training code).
#include <cstdint>
#include <memory>
#include <string>

#include "core/score/mlp_score_model_config.h"
#include "core/score/score_model.h"
#include "core/util/device.h"

namespace geodex {

class MlpScoreModel : public ScoreModel {
 public:
  struct Impl;

  // A freshly initialised (untrained) network, deterministic for a seed. Throws
  // InvalidArgumentError for a config outside its limits (MlpScoreModelConfig::validate).
  MlpScoreModel(const MlpScoreModelConfig& config, DeviceChoice device, std::uint64_t seed);
  ~MlpScoreModel() override;

  // Throws IoError (missing, not a regular file, damaged archive) or ModelError (not an MLP
  // score checkpoint, header numbers out of range or disagreeing with the stored weights).
  static std::unique_ptr<MlpScoreModel> load(const std::string& path,
                                             DeviceChoice device = DeviceChoice::Auto);
  // torch::serialize archive with the config; complete or not at all (IoError on failure).
  void save(const std::string& path) const;
  // The bytes save(path) writes (for an output set); `path` names the file in messages.
  std::string encode(const std::string& path) const;

  std::string name() const override;
  int dimension() const override { return config_.dimension; }
  bool isGradientField() const override { return false; }  // a network need not be a gradient
  const MlpScoreModelConfig& config() const { return config_; }
  std::string deviceName() const;
  long long parameterCount() const;

  // Training code reaches the network here, and calls weightsChanged() after updating it.
  Impl& impl() { return *impl_; }
  void weightsChanged();

 protected:
  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const override;
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override;
  Eigen::MatrixXd computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override;
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> computeScoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const override;

 private:
  MlpScoreModelConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geodex
