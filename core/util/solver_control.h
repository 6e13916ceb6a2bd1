#pragma once
// What long-running work takes from its caller: progress reporting, live snapshots and a
// cancellation flag. All optional; work checks them once per iteration.
//
// Cancelling has one shape everywhere: work that sees the flag throws CancelledError
// (throwIfCancelled) and returns nothing — no result struct carries a "cancelled" flag, no empty
// value means "cancelled". The window's JobRunner reports it as cancelled, geodex-cli as
// interrupted (exit 130/143).
#include <Eigen/Dense>
#include <atomic>
#include <functional>
#include <string>

#include "core/util/errors.h"

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
  // Throws CancelledError "<work> was cancelled" when the flag is set.
  void throwIfCancelled(const std::string& work) const {
    if (cancelled()) throw CancelledError(work + " was cancelled");
  }
  // The same flag without progress or snapshots: for a phase that reports nothing of its own.
  SolverControl cancelOnly() const {
    SolverControl only;
    only.cancel = cancel;
    return only;
  }
};

}  // namespace geodex
