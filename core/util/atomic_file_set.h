#pragma once
// Several files written as a set, complete or absent: each file's content goes to a temporary
// sibling as it is added; only when every one is written are they renamed into place. A failure
// while writing (full disk, read-only folder) leaves every target as it was. A rename failing
// midway (rare: each rename stays in its folder) undoes the renames already made, restoring
// the files they replaced.
#include <filesystem>
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

  // Writes `content` to a temporary next to `path` now. Throws IoError "cannot write '<path>':
  // <reason>" (and the set stays uncommitted: nothing of it reaches the targets).
  void add(const std::string& path, std::string_view content);
  // Renames every temporary over its target. Throws IoError naming the target that failed; the
  // targets are then as before the commit.
  void commit();

 private:
  struct Entry {
    std::filesystem::path target;
    std::filesystem::path temporary;
  };
  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace geodex
