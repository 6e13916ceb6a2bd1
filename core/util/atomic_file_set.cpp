#include "core/util/atomic_file_set.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/pending_writes.h"

namespace geodex {

namespace fs = std::filesystem;

namespace {

// Whether two targets name one file: the same object when both exist, else the same absolute
// path once the existing part of each is canonical.
bool sameFile(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(fs::absolute(a, ec), ec) == fs::weakly_canonical(fs::absolute(b, ec), ec);
}

}  // namespace

AtomicFileSet::~AtomicFileSet() {
  if (committed_) return;
  std::error_code ignored;
  for (const Entry& entry : entries_) fs::remove_all(entry.temporary, ignored);
}

void AtomicFileSet::checkNotInSet(const std::string& path, const fs::path& target) const {
  if (committed_) throw IoError("cannot write '" + path + "': the file set was already committed");
  // Two outputs of one set on the same file would overwrite each other silently.
  for (const Entry& entry : entries_)
    if (sameFile(entry.target, target))
      throw InvalidArgumentError("cannot write '" + path +
                                 "': the same file is written twice in one output set (as '" +
                                 entry.given + "')");
}

void AtomicFileSet::adopt(const std::string& path, const fs::path& temporary, bool folder) {
  std::error_code ignored;
  try {
    const fs::path target = resolveWriteTarget(path, folder);
    checkNotInSet(path, target);
    entries_.push_back({target, temporary, path, folder});
  } catch (...) {
    fs::remove_all(temporary, ignored);
    throw;
  }
}

void AtomicFileSet::add(const std::string& path, std::string_view content) {
  add(path, [content](std::FILE* file) {
    return std::fwrite(content.data(), 1, content.size(), file) == content.size();
  });
}

void AtomicFileSet::add(const std::string& path, const std::function<bool(std::FILE*)>& write) {
  const fs::path target = resolveWriteTarget(path);
  checkNotInSet(path, target);
  // "x": never reuse a name that exists (a leftover, or another writer's temporary).
  std::FILE* file = nullptr;
  fs::path temp;
  for (int attempt = 0; attempt < 8 && !file; ++attempt) {
    temp = temporarySibling(target);
    file = std::fopen(temp.c_str(), "wbx");
    if (!file && errno != EEXIST) break;
  }
  if (!file) throw WriteError("cannot write '" + path + "': " + std::strerror(errno));
  PendingWrites::add(temp);  // removed if the process must end mid-write
  errno = 0;
  bool written = false;
  try {
    written = write(file) && !std::ferror(file);
  } catch (...) {
    std::fclose(file);
    std::remove(temp.c_str());
    throw;
  }
  const int writeErrno = errno;
  const bool closed = std::fclose(file) == 0;  // flushes: a full disk shows here at the latest
  const int closeErrno = errno;
  if (!written || !closed) {
    std::remove(temp.c_str());
    const int error = !written ? writeErrno : closeErrno;
    throw WriteError("cannot write '" + path + "': " + std::strerror(error ? error : EIO));
  }
  entries_.push_back({target, temp, path, false});
}

void AtomicFileSet::commit() {
  if (committed_) return;
  // No rename starts once the user interrupted; none is cut short by a process ending.
  const auto renaming = PendingWrites::lockRenames();
  if (!entries_.empty())
    PendingWrites::throwIfCancelled("writing '" + entries_.front().given + "'");
  // A hard link keeps each file that is about to be replaced, so a failed rename can put the
  // earlier ones back.
  std::vector<fs::path> backups(entries_.size());
  const auto dropBackups = [&] {
    for (const fs::path& backup : backups)
      if (!backup.empty()) std::remove(backup.c_str());
  };
  std::vector<bool> emptyFolderBefore(entries_.size(), false);
  for (std::size_t i = 0; i < entries_.size() && entries_.size() > 1; ++i) {
    std::error_code ec;
    if (entries_[i].folder) {  // a folder is replaced only when empty: undo recreates it
      emptyFolderBefore[i] = fs::is_directory(entries_[i].target, ec);
      continue;
    }
    const fs::path backup = temporarySibling(entries_[i].target, ".old");
    if (::link(entries_[i].target.c_str(), backup.c_str()) == 0) {
      backups[i] = backup;
      PendingWrites::add(backup);
    }
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::error_code ec;
    // Checked again just before the rename: a FIFO or device put there since add() is not
    // replaced either.
    std::error_code statusError;
    const fs::file_status now = fs::symlink_status(entries_[i].target, statusError);
    if (fs::exists(now) && !(entries_[i].folder ? fs::is_directory(now) : fs::is_regular_file(now)))
      ec = std::make_error_code(std::errc::not_supported);
    else
      fs::rename(entries_[i].temporary, entries_[i].target, ec);  // a folder: onto an empty one
    if (!ec) continue;
    for (std::size_t j = 0; j < i; ++j) {  // undo: the earlier targets as they were
      std::error_code ignored;
      if (!backups[j].empty())
        fs::rename(backups[j], entries_[j].target, ignored);
      else
        fs::remove_all(entries_[j].target, ignored);
      if (emptyFolderBefore[j]) fs::create_directory(entries_[j].target, ignored);
      backups[j].clear();
    }
    for (std::size_t j = i; j < entries_.size(); ++j) {
      std::error_code ignored;
      fs::remove_all(entries_[j].temporary, ignored);
    }
    dropBackups();
    committed_ = true;  // nothing left to clean up
    throw WriteError("cannot write '" + entries_[i].target.string() + "': " + ec.message());
  }
  dropBackups();
  committed_ = true;
}

}  // namespace geodex
