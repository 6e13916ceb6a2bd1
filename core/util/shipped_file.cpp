#include "core/util/shipped_file.h"

#include <cstdlib>
#include <filesystem>

// Set by core/CMakeLists.txt for this file only (a path in every file's flags would make the
// compiler cache miss between checkouts).
#ifndef GEODEX_SOURCE_DIR
#define GEODEX_SOURCE_DIR "."
#endif

namespace geodex {

std::string resolveShippedFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (path.empty() || fs::path(path).is_absolute() || fs::exists(path, error)) return path;
  const fs::path shipped = fs::path(GEODEX_SOURCE_DIR) / path;
  return fs::exists(shipped, error) ? shipped.string() : path;
}

std::string mnistDirectory() {
  if (const char* env = std::getenv("GEODEX_MNIST_DIR"); env && *env) return env;
  return resolveShippedFile(kShippedMnistFolder);
}

}  // namespace geodex
