#pragma once
// A ScoreModel that hands its batches to another one in chunks of at most `chunkSize` points,
// one after another. For large networks (a Stable Diffusion U-Net under autograd needs
// gigabytes of activations per point) this bounds peak memory at chunkSize points instead of
// the whole path. Torch-free.
#include "core/score/blockwise_score_model.h"

namespace geodex {

class ChunkedScoreModel : public BlockwiseScoreModel {
 public:
  // Throws InvalidArgumentError for a null model or chunkSize < 1.
  ChunkedScoreModel(std::shared_ptr<const ScoreModel> model, int chunkSize);

 protected:
  void forEachBlock(Eigen::Index cols, const BlockEvaluation& evaluate) const override;

 private:
  Eigen::Index chunkSize_;
};

}  // namespace geodex
