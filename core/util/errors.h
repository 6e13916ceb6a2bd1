#pragma once
// The project's exception hierarchy. Every message should tell a user what was wrong and where,
// in one line. The text of a library error behind it (a LibTorch backtrace, OpenCV's or libpng's
// messages) goes into details(), for a front's --verbose option, never into the message.
#include <stdexcept>
#include <string>

namespace geodex {

class GeodexError : public std::runtime_error {
 public:
  explicit GeodexError(const std::string& message, std::string details = {})
      : std::runtime_error(message), details_(std::move(details)) {}
  // The full text of the underlying library error; empty when there is none.
  const std::string& details() const { return details_; }

 private:
  std::string details_;
};

// A caller passed something outside a function's contract (wrong dimension, λ ≤ 0, ...).
class InvalidArgumentError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// A file we read is missing, not a regular file, or its content is unusable (base of WriteError).
class IoError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// An output could not be written (full disk, read-only folder, failed rename, closed stdout):
// the run failed, unlike an IoError about a file we read (exit 1 vs 2 in the fronts).
class WriteError : public IoError {
 public:
  using IoError::IoError;
};

// A model produced or contained something unusable (NaN score, wrong shapes, ...).
class ModelError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// A numerical computation broke down (non-finite energy, singular system, ...).
class NumericalError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// The work needs more memory than the machine gave (std::bad_alloc at a library boundary).
class ResourceError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// The user cancelled the work (a cancel flag was set) before it finished; nothing was produced.
class CancelledError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

}  // namespace geodex
