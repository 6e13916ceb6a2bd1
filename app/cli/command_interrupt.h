#pragma once
// Ctrl-C (SIGINT) and SIGTERM for every geodex-cli command, installed once by main() before any
// work. A signal sets flag() — never reset while the process lives — which each phase's
// SolverControl::cancel and every output rename (PendingWrites) obey: the command stops at its
// next check and publishes nothing; main() prints one line and exits 128 + the signal (130 for
// SIGINT, 143 for SIGTERM). A phase that does not check the flag within kGraceSeconds is ended by
// a watchdog thread: it waits for a rename in progress, removes the temporaries, prints the same
// line and exits with the same code.
#include <atomic>
#include <string>

#include "core/util/solver_control.h"

namespace geodex::cli {

class CommandInterrupt {
 public:
  static constexpr double kGraceSeconds = 1.0;

  // Installs the handlers and the watchdog; `command` names the subcommand in the message.
  static void install(const std::string& command);
  // The cancel flag for SolverControl::cancel.
  static const std::atomic<bool>* flag();
  // A SolverControl whose work stops at the signal (no progress, no snapshots).
  static SolverControl control();
  // The signal that arrived (SIGINT, SIGTERM), 0 while none did.
  static int signalNumber();
  // Prints "geodex-cli: <command> interrupted; nothing written" (or, when the outputs were
  // already published, that they were) and ends the process with 128 + the signal. Only one
  // thread ever prints: a second caller waits for the first one's exit.
  [[noreturn]] static void exitInterrupted(bool outputsWritten = false);
};

}  // namespace geodex::cli
