#include "core/util/stderr_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace geodex {

namespace {
std::mutex& captureMutex() {
  static std::mutex mutex;
  return mutex;
}
}  // namespace

StderrCapture::StderrCapture() : lock_(captureMutex()) {
  std::fflush(stderr);
  std::cerr.flush();
  // An unnamed file: no pipe to fill up and block the writer, nothing left on disk.
  captureFd_ = ::open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (captureFd_ < 0) {
    char name[] = "/tmp/geodex-stderr-XXXXXX";
    captureFd_ = ::mkostemp(name, O_CLOEXEC);
    if (captureFd_ >= 0) ::unlink(name);
  }
  if (captureFd_ < 0) return;
  savedFd_ = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  if (savedFd_ < 0 || ::dup2(captureFd_, 2) < 0) {
    if (savedFd_ >= 0) ::close(savedFd_);
    ::close(captureFd_);
    savedFd_ = captureFd_ = -1;
  }
}

StderrCapture::~StderrCapture() {
  finish();
}

std::string StderrCapture::finish() {
  if (captureFd_ < 0) return {};
  std::fflush(stderr);
  std::cerr.flush();
  ::dup2(savedFd_, 2);
  ::close(savedFd_);
  std::string text;
  char buffer[4096];
  ::lseek(captureFd_, 0, SEEK_SET);
  for (ssize_t got; text.size() < 65536 && (got = ::read(captureFd_, buffer, sizeof buffer)) > 0;)
    text.append(buffer, std::size_t(got));
  ::close(captureFd_);
  savedFd_ = captureFd_ = -1;
  if (lock_.owns_lock()) lock_.unlock();
  return text;
}

}  // namespace geodex
