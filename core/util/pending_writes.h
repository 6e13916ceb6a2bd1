#pragma once
// The process's writes in flight: every temporary created for an atomic write, one lock
// around the renames that publish them, and an optional cancel flag (a front's Ctrl-C). Once the
// flag is set no rename starts (CancelledError), so an interrupted command publishes nothing; a
// front that must end the process at once (a phase that never checks its flag) takes the lock,
// so no output set is left half renamed, and removes the temporaries.
#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>

namespace geodex {

class PendingWrites {
 public:
  // Called by the writers for every temporary they create (after creating it).
  static void add(const std::filesystem::path& temporary);
  // Held while a set of temporaries is renamed into place (and by removeAll()).
  static std::unique_lock<std::mutex> lockRenames();
  // The flag that stops every later rename (nullptr: none). Set once, before work starts.
  static void setCancelFlag(const std::atomic<bool>* cancel);
  // Throws CancelledError "<what>: interrupted; nothing written" when the flag is set; called
  // with the rename lock held, just before the first rename.
  static void throwIfCancelled(const std::string& what);
  // Removes every temporary handed out that still exists (files and folders); takes the rename
  // lock. For a process about to end without unwinding.
  static void removeAll();
};

}  // namespace geodex
