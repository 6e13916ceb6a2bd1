#include "core/util/training_limits.h"

#include <cmath>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

void checkWholeRange(const std::string& what, long long value, long long low, long long high) {
  if (value < low || value > high)
    throw InvalidArgumentError(what + " must be " + std::to_string(low) + " to " + std::to_string(high) +
                               ", got " + std::to_string(value));
}

void checkTrainingLoop(int steps, int batchSize, double learningRate,
                       double finalLearningRateFraction) {
  checkWholeRange("training steps", steps, 1, kMaxTrainingSteps);
  checkWholeRange("batch size", batchSize, 1, kMaxBatchSize);
  if (!(learningRate > 0.0) || !std::isfinite(learningRate) || learningRate > 10.0)
    throw InvalidArgumentError("learning rate must be positive and at most 10, got " +
                               numberText(learningRate));
  if (!(finalLearningRateFraction >= 0.0 && finalLearningRateFraction <= 1.0))
    throw InvalidArgumentError("the final learning-rate fraction must be in [0, 1], got " +
                               numberText(finalLearningRateFraction));
}

void checkTrainingBatchMemory(double bytes, const std::string& what) {
  if (!(bytes <= double(kMaxTrainingBatchBytes)))
    throw InvalidArgumentError(what + " needs about " +
                               byteCount(std::uint64_t(std::min(bytes, 1e19))) +
                               " per batch, more than the " + byteCount(kMaxTrainingBatchBytes) +
                               " geodex allows (use a smaller batch or network)");
}

}  // namespace geodex
