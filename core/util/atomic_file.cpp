#include "core/util/atomic_file.h"

#include <unistd.h>

#include <climits>
#include <filesystem>
#include <random>

#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"

namespace geodex {

std::filesystem::path temporarySibling(const std::filesystem::path& target,
                                       const std::string& suffix) {
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  // The temporary must fit the folder's name limit wherever the target does: a legal
  // 254-character target name gets a shortened copy of its name in the temporary's.
  long nameMax = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  if (nameMax <= 0) nameMax = NAME_MAX;
  const std::string random = std::to_string(std::random_device{}());
  const std::string filename = target.filename().string();
  const std::size_t fixed = 1 + 4 + random.size() + suffix.size();  // "." ".tmp" random suffix
  std::size_t keep = std::size_t(nameMax) > fixed ? std::size_t(nameMax) - fixed : 0;
  if (keep < filename.size()) {
    while (keep > 0 && (static_cast<unsigned char>(filename[keep]) & 0xC0) == 0x80)
      --keep;  // UTF-8
  } else {
    keep = filename.size();
  }
  // Built by appending: GCC 12 warns (falsely, -Wrestrict) on "." + std::string temporaries.
  std::string name = ".";
  name += filename.substr(0, keep);
  name += ".tmp";
  name += random;
  name += suffix;
  return dir / name;
}

namespace {

// What a file that is not a regular one is, for the refusal's message.
std::string kindOf(const std::filesystem::file_status& status) {
  namespace fs = std::filesystem;
  switch (status.type()) {
    case fs::file_type::directory: return "a folder";
    case fs::file_type::fifo: return "a FIFO (named pipe)";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    default: return "not a regular file";
  }
}

}  // namespace

std::filesystem::path resolveWriteTarget(const std::string& path, bool folder) {
  namespace fs = std::filesystem;
  if (path.empty()) throw InvalidArgumentError("cannot write file: empty path");
  fs::path target(path);
  if (folder && !target.has_filename()) target = target.parent_path();  // "out/" → "out"
  // Follow links by hand (lstat each step): the rename must replace what the link points to,
  // and the checks below must see the final object, not the link.
  for (int links = 0;; ++links) {
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(target, ec);
    if (status.type() != fs::file_type::symlink) {
      if (!fs::exists(status) || (folder ? fs::is_directory(status) : fs::is_regular_file(status)))
        return target;
      const std::string through = target.string() == path ? "" : " (through the link to '" +
                                                                      target.string() + "')";
      throw InvalidArgumentError("cannot write '" + path + "': it is " + kindOf(status) + through +
                                 (folder ? "; give a new folder name"
                                         : "; give the name of a regular file"));
    }
    if (links == 40)
      throw InvalidArgumentError("cannot write '" + path + "': too many levels of symbolic links");
    const fs::path next = fs::read_symlink(target, ec);
    if (ec) throw WriteError("cannot write '" + path + "': " + ec.message());
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
}

void writeFileAtomically(const std::string& path, std::string_view content) {
  AtomicFileSet file;
  file.add(path, content);
  file.commit();
}

void writeFileAtomically(const std::string& path, const std::function<bool(std::FILE*)>& write) {
  AtomicFileSet file;
  file.add(path, write);
  file.commit();
}

}  // namespace geodex
