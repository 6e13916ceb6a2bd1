#pragma once
// What long-running work takes from its caller: progress reporting, live snapshots and a
// cancellation flag. All optional; work checks them once per iteration.
#include <Eigen/Dense>
#include <atomic>
#include <functional>

namespace geodex {

struct SolverControl {
  // fraction in [0, 1], plus the current iteration and energy.
  std::function<void(double fraction, int iteration, double energy)> progress;
  // The current path [d × points], for live views. Called every `snapshotEvery` iterations.
  std::function<void(const Eigen::MatrixXd& path, int iteration, double energy)> snapshot;
  int snapshotEvery = 1;
  // Set to true from any thread to stop the work at the next check.
  const std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
};

}  // namespace geodex
