#include "core/score/chunked_score_model.h"

#include <algorithm>

#include "core/util/errors.h"

namespace geodex {

ChunkedScoreModel::ChunkedScoreModel(std::shared_ptr<const ScoreModel> model, int chunkSize)
    : BlockwiseScoreModel(std::move(model), "chunk"), chunkSize_(chunkSize) {
  if (chunkSize < 1) throw InvalidArgumentError("the score chunk size must be at least 1");
}

void ChunkedScoreModel::forEachBlock(Eigen::Index cols, const BlockEvaluation& evaluate) const {
  for (Eigen::Index begin = 0; begin < cols; begin += chunkSize_)
    evaluate(begin, std::min(chunkSize_, cols - begin));
}

}  // namespace geodex
