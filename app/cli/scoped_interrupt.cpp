#include "app/cli/scoped_interrupt.h"

#include <csignal>

namespace geodex::cli {

namespace {
std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) { interrupted = true; }
}  // namespace

ScopedInterrupt::ScopedInterrupt() {
  interrupted = false;
  previous_ = std::signal(SIGINT, onInterrupt);
}

ScopedInterrupt::~ScopedInterrupt() { std::signal(SIGINT, previous_); }

const std::atomic<bool>* ScopedInterrupt::flag() const { return &interrupted; }

}  // namespace geodex::cli
