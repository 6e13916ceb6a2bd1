#pragma once
// A SolverControl for the core tests that cancels its run once progress reports step `cancelAt`,
// and remembers the last step reported: a run that honours cancellation stops right there.
#include <atomic>

#include "core/util/solver_control.h"

namespace geodex::test {

class CancelAtStep {
 public:
  explicit CancelAtStep(int cancelAt) {
    control.cancel = &cancel_;
    control.progress = [this, cancelAt](double, int step, double) {
      lastStep = step;
      if (step == cancelAt) cancel_ = true;
    };
  }
  CancelAtStep(const CancelAtStep&) = delete;
  CancelAtStep& operator=(const CancelAtStep&) = delete;

  SolverControl control;
  int lastStep = 0;

 private:
  std::atomic<bool> cancel_{false};
};

}  // namespace geodex::test
