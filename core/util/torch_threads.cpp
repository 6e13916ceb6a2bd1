#include "core/util/torch_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace geodex {

int otherRunnableTasks() {
  // /proc/loadavg: "1.00 0.50 0.20 R/T lastpid", R the runnable tasks now, the reader among them.
  // The least of three readings 2 ms apart: a task that only just woke is no load.
  int least = -1;
  for (int sample = 0; sample < 3; ++sample) {
    if (sample > 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::ifstream file("/proc/loadavg");
    std::string one, five, fifteen, runnable;
    if (!(file >> one >> five >> fifteen >> runnable)) return -1;
    const int running = std::atoi(runnable.c_str());
    if (running < 1) return -1;
    least = least < 0 ? running - 1 : std::min(least, running - 1);
  }
  return least;
}

int automaticTorchThreads() {
  const int cores = effectiveTorchThreads(0);
  return otherRunnableTasks() >= cores ? 1 : cores;
}

int effectiveTorchThreads(int requested) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return requested <= 0 ? cores : std::min(requested, cores);
}

ScopedTorchThreads::ScopedTorchThreads(int threads)
    : previous_(torch::get_num_threads()),
      threads_(threads <= 0 ? automaticTorchThreads() : effectiveTorchThreads(threads)) {
  if (threads_ != previous_) torch::set_num_threads(threads_);
}

ScopedTorchThreads::~ScopedTorchThreads() {
  if (threads_ != previous_) torch::set_num_threads(previous_);
}

}  // namespace geodex
