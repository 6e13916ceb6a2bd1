#pragma once
// A ScoreModel that hands its batches to another one in blocks of columns and stacks the
// results. Subclasses choose the blocks and how they run: ChunkedScoreModel one bounded block
// after another (peak memory), ParallelScoreModel one block per core at once (speed).
// Torch-free.
#include <functional>
#include <memory>

#include "core/score/score_model.h"

namespace geodex {

class BlockwiseScoreModel : public ScoreModel {
 public:
  std::string name() const override { return model_->name(); }
  int dimension() const override { return model_->dimension(); }
  bool isGradientField() const override { return model_->isGradientField(); }
  bool hasLogDensity() const override { return model_->hasLogDensity(); }
  double unitRoundoff() const override { return model_->unitRoundoff(); }

 protected:
  // Throws InvalidArgumentError for a null model (`role` says what the wrapper is for).
  BlockwiseScoreModel(std::shared_ptr<const ScoreModel> model, const char* role);

  // Evaluates columns [begin, begin + count) of a batch and writes that block of the results.
  using BlockEvaluation = std::function<void(Eigen::Index begin, Eigen::Index count)>;
  // Calls evaluate once for every block of a partition of [0, cols).
  virtual void forEachBlock(Eigen::Index cols, const BlockEvaluation& evaluate) const = 0;

  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const final;
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const final;
  Eigen::MatrixXd computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const final;
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> computeScoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const final;
  Eigen::VectorXd computeLogDensity(const Eigen::MatrixXd& points) const final;

 private:
  using Product = Eigen::MatrixXd (ScoreModel::*)(const Eigen::MatrixXd&, const Eigen::MatrixXd&) const;
  // A Jacobian product of the wrapped model, block by block.
  Eigen::MatrixXd productByBlocks(Product product, const Eigen::MatrixXd& points,
                                  const Eigen::MatrixXd& vectors) const;

  std::shared_ptr<const ScoreModel> model_;
};

}  // namespace geodex
