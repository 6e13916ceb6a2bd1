#include "core/util/atomic_file.h"

#include <unistd.h>

#include <climits>
#include <filesystem>
#include <random>

#include "core/util/atomic_file_set.h"

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

void writeFileAtomically(const std::string& path, std::string_view content) {
  AtomicFileSet file;
  file.add(path, content);
  file.commit();
}

}  // namespace geodex
