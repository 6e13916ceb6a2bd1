#pragma once
// Several files written as a set, complete or absent: each file's content goes to a temporary
// sibling as it is added; only when every one is written are they renamed into place. A failure
// while writing (full disk, read-only folder) leaves every target as it was. A rename failing
// midway (rare: each rename stays in its folder) undoes the renames already made, restoring
// the files they replaced.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace geodex {

class AtomicFileSet {
 public:
  AtomicFileSet() = default;
  ~AtomicFileSet();  // removes the temporaries of a set that was not committed
  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;

  // Writes `content` to a temporary next to `path` (links followed: see resolveWriteTarget) now.
  // Throws IoError "cannot write '<path>': <reason>", InvalidArgumentError when the target is
  // not a regular file or is already in the set (the set then stays uncommitted: nothing of it
  // reaches the targets).
  void add(const std::string& path, std::string_view content);
  // The same, with the content written by `write` into the temporary file (contents too large to
  // hold in memory at once); `write` returns false when one of its writes failed.
  void add(const std::string& path, const std::function<bool(std::FILE*)>& write);
  // Adds a temporary another writer filled (a video OpenCV wrote under a name with the right
  // extension, a folder of frames): renamed to `path` with the others, removed with them when
  // the set is not committed. A folder's target must not exist or be an empty folder.
  void adopt(const std::string& path, const std::filesystem::path& temporary, bool folder = false);
  // Renames every temporary over its target. Throws IoError naming the target that failed; the
  // targets are then as before the commit.
  void commit();

 private:
  struct Entry {
    std::filesystem::path target;
    std::filesystem::path temporary;
    std::string given;  // the path as the caller gave it, for messages
    bool folder = false;
  };
  void checkNotInSet(const std::string& path, const std::filesystem::path& target) const;
  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace geodex
