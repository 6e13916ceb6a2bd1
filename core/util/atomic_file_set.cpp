#include "core/util/atomic_file_set.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

namespace fs = std::filesystem;

AtomicFileSet::~AtomicFileSet() {
  if (committed_) return;
  for (const Entry& entry : entries_) std::remove(entry.temporary.c_str());
}

void AtomicFileSet::add(const std::string& path, std::string_view content) {
  if (path.empty()) throw IoError("cannot write file: empty path");
  if (committed_) throw IoError("cannot write '" + path + "': the file set was already committed");
  const fs::path target(path);
  // "x": never reuse a name that exists (a leftover, or another writer's temporary).
  std::FILE* file = nullptr;
  fs::path temp;
  for (int attempt = 0; attempt < 8 && !file; ++attempt) {
    temp = temporarySibling(target);
    file = std::fopen(temp.c_str(), "wbx");
    if (!file && errno != EEXIST) break;
  }
  if (!file) throw IoError("cannot write '" + path + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const int writeErrno = errno;
  const bool closed = std::fclose(file) == 0;  // flushes: a full disk shows here at the latest
  const int closeErrno = errno;
  if (!written || !closed) {
    std::remove(temp.c_str());
    const int error = !written ? writeErrno : closeErrno;
    throw IoError("cannot write '" + path + "': " + std::strerror(error ? error : EIO));
  }
  entries_.push_back({target, temp});
}

void AtomicFileSet::commit() {
  if (committed_) return;
  // A hard link keeps each file that is about to be replaced, so a failed rename can put the
  // earlier ones back.
  std::vector<fs::path> backups(entries_.size());
  const auto dropBackups = [&] {
    for (const fs::path& backup : backups)
      if (!backup.empty()) std::remove(backup.c_str());
  };
  for (std::size_t i = 0; i < entries_.size() && entries_.size() > 1; ++i) {
    const fs::path backup = temporarySibling(entries_[i].target, ".old");
    if (::link(entries_[i].target.c_str(), backup.c_str()) == 0) backups[i] = backup;
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::error_code ec;
    fs::rename(entries_[i].temporary, entries_[i].target, ec);
    if (!ec) continue;
    for (std::size_t j = 0; j < i; ++j) {  // undo: the earlier targets as they were
      std::error_code ignored;
      if (!backups[j].empty())
        fs::rename(backups[j], entries_[j].target, ignored);
      else
        fs::remove(entries_[j].target, ignored);
      backups[j].clear();
    }
    for (std::size_t j = i; j < entries_.size(); ++j) std::remove(entries_[j].temporary.c_str());
    dropBackups();
    committed_ = true;  // nothing left to clean up
    throw IoError("cannot write '" + entries_[i].target.string() + "': " + ec.message());
  }
  dropBackups();
  committed_ = true;
}

}  // namespace geodex
