#include "core/util/torch_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <thread>

namespace geodex {

int effectiveTorchThreads(int requested) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return requested <= 0 ? cores : std::min(requested, cores);
}

ScopedTorchThreads::ScopedTorchThreads(int threads)
    : previous_(torch::get_num_threads()), threads_(effectiveTorchThreads(threads)) {
  if (threads_ != previous_) torch::set_num_threads(threads_);
}

ScopedTorchThreads::~ScopedTorchThreads() {
  if (threads_ != previous_) torch::set_num_threads(previous_);
}

}  // namespace geodex
