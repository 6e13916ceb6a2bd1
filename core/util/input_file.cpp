#include "core/util/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

std::string prefix(const std::string& what, const std::string& path) {
  return (what.empty() ? std::string() : what + " ") + "'" + path + "'";
}

// What a non-regular file is, in words.
std::string kindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

// What is wrong with a file `info` describes; empty for a regular file.
std::string problemOf(const struct stat& info) {
  if (S_ISREG(info.st_mode)) return {};
  if (S_ISDIR(info.st_mode)) return "is a directory, not a regular file";
  return "is not a regular file (it is " + kindOf(info.st_mode) + ")";
}

// Throws unless `info` describes a regular file.
void requireRegular(const struct stat& info, const std::string& label) {
  const std::string problem = problemOf(info);
  if (!problem.empty()) throw IoError("cannot open " + label + ": it " + problem);
}

struct stat statOrThrow(const std::string& path, const std::string& what,
                        const std::string& missing) {
  if (path.empty())
    throw IoError("no " + (what.empty() ? std::string("file") : what) + " given (empty path)");
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR)
      throw IoError("cannot open " + prefix(what, path) + ": it " + missing);
    throw IoError("cannot read " + prefix(what, path) + ": " + std::strerror(error));
  }
  requireRegular(info, prefix(what, path));
  return info;
}

}  // namespace

InputFile::InputFile(const std::string& path, const std::string& what, const std::string& missing)
    : path_(path), what_(what) {
  statOrThrow(path, what, missing);
  // Non-blocking: if the path became a FIFO since stat, open must not wait for a writer.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) throw IoError("cannot read " + label() + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int error = errno;
    ::close(fd_);
    throw IoError("cannot read " + label() + ": " + std::strerror(error));
  }
  try {
    requireRegular(info, label());
  } catch (...) {
    ::close(fd_);
    throw;
  }
  size_ = std::uint64_t(info.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string InputFile::label() const {
  return prefix(what_, path_);
}

void InputFile::read(void* buffer, std::size_t bytes) {
  auto* out = static_cast<char*>(buffer);
  while (bytes > 0) {
    const ssize_t got = ::read(fd_, out, bytes);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError("cannot read " + label() + ": " + std::strerror(errno));
    }
    if (got == 0) throw IoError(label() + " is truncated: it ended while being read");
    out += got;
    bytes -= std::size_t(got);
  }
}

void InputFile::readAt(std::uint64_t offset, void* buffer, std::size_t bytes) {
  auto* out = static_cast<char*>(buffer);
  while (bytes > 0) {
    const ssize_t got = ::pread(fd_, out, bytes, off_t(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError("cannot read " + label() + ": " + std::strerror(errno));
    }
    if (got == 0) throw IoError(label() + " is truncated: it ended while being read");
    out += got;
    offset += std::uint64_t(got);
    bytes -= std::size_t(got);
  }
}

std::string InputFile::readAll(std::uint64_t maxBytes) {
  if (size_ > maxBytes)
    throw IoError(label() + " is " + byteCount(size_) + ", more than the " + byteCount(maxBytes) +
                  " geodex reads for it");
  std::string bytes(static_cast<std::size_t>(size_), '\0');
  read(bytes.data(), bytes.size());
  return bytes;
}

std::string inputFileProblem(const std::string& path) {
  struct stat info {};
  if (path.empty()) return "is an empty path";
  if (::stat(path.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return "does not exist";
    return std::string("cannot be read: ") + std::strerror(error);
  }
  return problemOf(info);
}

std::uint64_t checkInputFile(const std::string& path, const std::string& what,
                             const std::string& missing) {
  return std::uint64_t(statOrThrow(path, what, missing).st_size);
}

std::string readInputFile(const std::string& path, const std::string& what,
                          std::uint64_t maxBytes) {
  InputFile file(path, what);
  return file.readAll(maxBytes);
}

}  // namespace geodex
