#pragma once
// Every loader opens user files through here. The path is checked with stat() before anything
// opens it, so a directory, a FIFO (open and read would block for ever) or a device (/dev/zero
// reads for ever) is refused up front with a message saying what the path is; the file is then
// opened non-blocking and checked again (it may have been swapped), and reads are bounded by the
// size stat reported and by a limit the caller states.
#include <cstddef>
#include <cstdint>
#include <string>

namespace geodex {

class InputFile {
 public:
  // `what` names the file for messages ("IDX file", "model file", ...). Throws IoError
  // "<what> '<path>' <missing>" when nothing is there, "... is a directory", "... is not a regular
  // file (a FIFO)" and the like, or "cannot read <what> '<path>': <reason>".
  InputFile(const std::string& path, const std::string& what,
            const std::string& missing = "does not exist");
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }
  // "<what> '<path>'", for messages.
  std::string label() const;
  std::uint64_t size() const { return size_; }

  // Exactly `bytes` bytes from the current position; IoError "... is truncated" when the file
  // ends first.
  void read(void* buffer, std::size_t bytes);
  // Exactly `bytes` bytes at `offset` (the position is not moved); IoError when the file is
  // shorter.
  void readAt(std::uint64_t offset, void* buffer, std::size_t bytes);
  // The whole file; IoError naming both sizes when it is larger than maxBytes.
  std::string readAll(std::uint64_t maxBytes);

 private:
  std::string path_;
  std::string what_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// What is wrong with `path` as an input file, in words that follow its name ("does not exist",
// "is a directory, not a regular file", "is not a regular file (it is a FIFO)", "cannot be
// read: <reason>"); empty when it is a regular file. Nothing is opened.
std::string inputFileProblem(const std::string& path);

// Checks `path` as InputFile does, without keeping it open (for files a library opens itself,
// such as LibTorch archives); returns the size.
std::uint64_t checkInputFile(const std::string& path, const std::string& what,
                             const std::string& missing = "does not exist");

// The whole file in one call.
std::string readInputFile(const std::string& path, const std::string& what, std::uint64_t maxBytes);

}  // namespace geodex
