#pragma once
// A ScoreModel that splits each batch's columns into near-equal blocks, one per core, and
// evaluates them at once: the calling thread takes the first block, threads kept for the
// model's lifetime the others, every one of them with one OpenMP (LibTorch) thread.
//
// Why: on a small network (the Rotated MNIST U-Net at the solver's batches of 9–27 points)
// LibTorch's own intra-op threads gain little (medians 1.31–1.66× on 2 cores), each operation
// being too small to split, while whole blocks on their own cores gain 1.64–1.88×
// (bench_mnist_unet_geodesic threads; docs/benchmarks.md). The threads are kept because a thread's first LibTorch
// call costs more than a whole evaluation (a thread per call ran 3× slower than one thread),
// and they wait on condition variables, never spinning, so a busy machine does not make them
// slower than one thread. They inherit the constructing thread's priority: construct the model
// on the thread that evaluates it (the GUI's worker runs at a lower one). One batch at a time:
// concurrent callers take turns. The wrapped model must be thread-safe, as every ScoreModel is.
// Torch-free.
#include <memory>

#include "core/score/blockwise_score_model.h"

namespace geodex {

class ParallelScoreModel : public BlockwiseScoreModel {
 public:
  // blocks ≤ 0: one per hardware thread. Throws InvalidArgumentError for a null model.
  ParallelScoreModel(std::shared_ptr<const ScoreModel> model, int blocks);
  ~ParallelScoreModel() override;
  ParallelScoreModel(const ParallelScoreModel&) = delete;
  ParallelScoreModel& operator=(const ParallelScoreModel&) = delete;

  int blocks() const { return blocks_; }

 protected:
  void forEachBlock(Eigen::Index cols, const BlockEvaluation& evaluate) const override;

 private:
  class Workers;

  int blocks_;
  std::unique_ptr<Workers> workers_;
};

}  // namespace geodex
