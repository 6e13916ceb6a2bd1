#include "app/cli/command_interrupt.h"

#include <semaphore.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "core/util/pending_writes.h"

namespace geodex::cli {

namespace {

std::atomic<bool> interrupted{false};
std::atomic<int> received{0};
std::atomic<bool> exiting{false};
sem_t wake;
std::string commandName;
// The terminal's stderr, kept at start: a StderrCapture (a decode folding library text into its
// message) may have fd 2 redirected when the watchdog prints.
int terminalStderr = STDERR_FILENO;

extern "C" void onSignal(int signal) {
  int none = 0;
  received.compare_exchange_strong(none, signal);  // the first signal decides the exit code
  interrupted = true;
  sem_post(&wake);  // async-signal-safe
}

// Ends a command whose current phase did not notice the flag in time.
void watchdog() {
  while (sem_wait(&wake) != 0) {
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(CommandInterrupt::kGraceSeconds));
  CommandInterrupt::exitInterrupted();
}

}  // namespace

void CommandInterrupt::install(const std::string& command) {
  commandName = command;
  if (const int fd = ::dup(STDERR_FILENO); fd >= 0) terminalStderr = fd;
  sem_init(&wake, 0, 0);
  PendingWrites::setCancelFlag(&interrupted);
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // reads and writes in progress go on; the flag is checked after
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::thread(watchdog).detach();
}

const std::atomic<bool>* CommandInterrupt::flag() {
  return &interrupted;
}

SolverControl CommandInterrupt::control() {
  SolverControl control;
  control.cancel = &interrupted;
  return control;
}

int CommandInterrupt::signalNumber() {
  return received.load();
}

void CommandInterrupt::exitInterrupted(bool outputsWritten) {
  if (exiting.exchange(true))
    for (;;) pause();  // the other thread is ending the process
  // No rename may be cut in half, and no temporary may stay behind.
  PendingWrites::removeAll();
  const int signal = received.load() != 0 ? received.load() : SIGINT;
  const std::string who = commandName.empty() ? "" : commandName + " ";
  const std::string line =
      "geodex-cli: " + who + "interrupted" + (signal == SIGTERM ? " (SIGTERM)" : "") +
      (outputsWritten ? " after its outputs were written\n" : "; nothing written\n");
  std::cout.flush();
  std::fflush(stdout);
  ssize_t ignored = ::write(terminalStderr, line.data(), line.size());
  (void)ignored;
  _exit(128 + signal);
}

}  // namespace geodex::cli
