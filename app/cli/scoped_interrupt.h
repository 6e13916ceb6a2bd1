#pragma once
// Ctrl-C for long CLI work: while an instance lives, SIGINT sets flag() (for
// SolverControl::cancel) instead of killing the process, so the work stops at its next check and
// the command writes nothing. The previous handler is restored on destruction.
#include <atomic>

namespace geodex::cli {

class ScopedInterrupt {
 public:
  ScopedInterrupt();
  ~ScopedInterrupt();
  ScopedInterrupt(const ScopedInterrupt&) = delete;
  ScopedInterrupt& operator=(const ScopedInterrupt&) = delete;

  const std::atomic<bool>* flag() const;

 private:
  void (*previous_)(int);
};

}  // namespace geodex::cli
