#include "core/util/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/util/errors.h"

namespace geodex {

void writeFileAtomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (path.empty()) throw IoError("cannot write file: empty path");
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(rd()));

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
