#include "core/util/pending_writes.h"

#include <string>
#include <vector>

#include "core/util/errors.h"

namespace geodex {

namespace {

std::mutex& namesMutex() {
  static std::mutex m;
  return m;
}
std::vector<std::filesystem::path>& names() {
  static std::vector<std::filesystem::path> v;
  return v;
}
std::mutex& renameMutex() {
  static std::mutex m;
  return m;
}
std::atomic<const std::atomic<bool>*> cancelFlag{nullptr};

}  // namespace

void PendingWrites::add(const std::filesystem::path& temporary) {
  const std::lock_guard<std::mutex> lock(namesMutex());
  // A renamed temporary no longer exists: forget those now and then so the list stays short.
  if (names().size() >= 4096) {
    std::vector<std::filesystem::path> alive;
    std::error_code ec;
    for (const auto& name : names())
      if (std::filesystem::exists(std::filesystem::symlink_status(name, ec))) alive.push_back(name);
    names().swap(alive);
  }
  names().push_back(temporary);
}

std::unique_lock<std::mutex> PendingWrites::lockRenames() {
  return std::unique_lock<std::mutex>(renameMutex());
}

void PendingWrites::setCancelFlag(const std::atomic<bool>* cancel) {
  cancelFlag = cancel;
}

void PendingWrites::throwIfCancelled(const std::string& what) {
  const std::atomic<bool>* flag = cancelFlag.load();
  if (flag != nullptr && flag->load())
    throw CancelledError(what + ": interrupted; nothing written");
}

void PendingWrites::removeAll() {
  const std::lock_guard<std::mutex> renames(renameMutex());
  const std::lock_guard<std::mutex> lock(namesMutex());
  std::error_code ec;
  for (const auto& name : names()) std::filesystem::remove_all(name, ec);
  names().clear();
}

}  // namespace geodex
