#include "core/util/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/util/errors.h"

namespace geodex {

std::filesystem::path temporarySibling(const std::filesystem::path& target,
                                       const std::string& suffix) {
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  // Built by appending: GCC 12 warns (falsely, -Wrestrict) on "." + std::string temporaries.
  std::string name = ".";
  name += target.filename().string();
  name += ".tmp";
  name += std::to_string(std::random_device{}());
  name += suffix;
  return dir / name;
}

void writeFileAtomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (path.empty()) throw IoError("cannot write file: empty path");
  const fs::path temp = temporarySibling(target);

  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (!file) throw IoError("cannot write '" + path + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const int writeErrno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    std::remove(temp.c_str());
    throw IoError("cannot write '" + path + "': " + std::strerror(writeErrno ? writeErrno : EIO));
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    std::remove(temp.c_str());
    throw IoError("cannot write '" + path + "': " + ec.message());
  }
}

}  // namespace geodex
