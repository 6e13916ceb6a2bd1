#include "core/score/parallel_score_model.h"

#include <omp.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/util/torch_threads.h"

namespace geodex {

namespace {

// One OpenMP thread for the calling thread while in scope. omp_set_num_threads changes only the
// calling thread's count; torch::set_num_threads would also resize LibTorch's process-wide
// thread pool, which the other blocks are using.
class OneOpenMpThread {
 public:
  OneOpenMpThread() : previous_(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~OneOpenMpThread() { omp_set_num_threads(previous_); }
  OneOpenMpThread(const OneOpenMpThread&) = delete;
  OneOpenMpThread& operator=(const OneOpenMpThread&) = delete;

 private:
  int previous_;
};

}  // namespace

// Threads that take blocks 1, 2, … of a batch while the caller evaluates block 0.
class ParallelScoreModel::Workers {
 public:
  explicit Workers(int count) {
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { serve(); });
  }

  ~Workers() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  // job(block) for every block in [0, blocks), block 0 on the calling thread; rethrows the
  // first exception after every block has ended.
  void run(int blocks, const std::function<void(int)>& job) {
    const std::lock_guard oneBatchAtATime(callMutex_);
    {
      const std::lock_guard lock(mutex_);
      job_ = &job;
      nextBlock_ = 1;
      blocks_ = blocks;
      unfinished_ = blocks - 1;
      failure_ = nullptr;
    }
    wake_.notify_all();
    runBlock(0);
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return unfinished_ == 0; });
    job_ = nullptr;
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void serve() {
    omp_set_num_threads(1);  // this thread's count, for its whole life
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || nextBlock_ < blocks_; });
      if (stopping_) return;
      const int block = nextBlock_++;
      lock.unlock();
      runBlock(block);
      lock.lock();
      if (--unfinished_ == 0) finished_.notify_all();
    }
  }

  void runBlock(int block) {
    try {
      const OneOpenMpThread oneThread;
      (*job_)(block);
    } catch (...) {
      const std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex callMutex_;
  std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::condition_variable finished_;
  const std::function<void(int)>* job_ = nullptr;
  int nextBlock_ = 0;
  int blocks_ = 0;
  int unfinished_ = 0;
  std::exception_ptr failure_;
  bool stopping_ = false;
};

ParallelScoreModel::ParallelScoreModel(std::shared_ptr<const ScoreModel> model, int blocks)
    : BlockwiseScoreModel(std::move(model), "evaluate in parallel"),
      blocks_(effectiveTorchThreads(blocks)),
      workers_(std::make_unique<Workers>(blocks_ - 1)) {}

ParallelScoreModel::~ParallelScoreModel() = default;

void ParallelScoreModel::forEachBlock(Eigen::Index cols, const BlockEvaluation& evaluate) const {
  const int blocks = int(std::clamp<Eigen::Index>(cols, 1, blocks_));
  workers_->run(blocks, [&](int block) {
    const Eigen::Index begin = cols * block / blocks;
    evaluate(begin, cols * (block + 1) / blocks - begin);
  });
}

}  // namespace geodex
