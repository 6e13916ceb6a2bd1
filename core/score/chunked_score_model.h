#pragma once
// A ScoreModel that hands its batches to another one in chunks of at most `chunkSize` points.
// For large networks (a Stable Diffusion U-Net under autograd needs gigabytes of activations per
// point) this bounds peak memory at chunkSize points instead of the whole path. Torch-free.
#include <memory>

#include "core/score/score_model.h"

namespace geodex {

class ChunkedScoreModel : public ScoreModel {
 public:
  // Throws InvalidArgumentError for a null model or chunkSize < 1.
  ChunkedScoreModel(std::shared_ptr<const ScoreModel> model, int chunkSize);

  std::string name() const override { return model_->name(); }
  int dimension() const override { return model_->dimension(); }
  bool isGradientField() const override { return model_->isGradientField(); }
  bool hasLogDensity() const override { return model_->hasLogDensity(); }

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
  std::shared_ptr<const ScoreModel> model_;
  Eigen::Index chunkSize_;
};

}  // namespace geodex
