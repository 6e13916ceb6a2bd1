#pragma once
// Shared by the fuzz targets: the input as a file the loaders can open (a memfd, named through
// /proc/self/fd, so no disk is touched), and the rule every target checks — hostile input ends
// in a geodex error, anything else (another exception type, a crash, a leak, UB) is a finding.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/util/errors.h"

namespace geodex::fuzz {

class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("geodex-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  // Replaces the content; returns the path to open.
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, data, size, 0) != ssize_t(size)) std::abort();
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

// Runs f; a GeodexError is the expected outcome of bad input, anything else escaping aborts.
template <class F>
void expectOnlyGeodexErrors(F&& f) {
  try {
    f();
  } catch (const GeodexError& e) {
    const std::string message = e.what();
    if (message.empty() || message.find('\n') != std::string::npos) {
      std::fprintf(stderr, "a geodex error that is not one line: [%s]\n", message.c_str());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "a non-geodex exception escaped: %s\n", e.what());
    std::abort();
  }
}

}  // namespace geodex::fuzz
