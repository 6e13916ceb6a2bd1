#pragma once
// Catches what third-party C libraries print on stderr (libpng's "libpng error: ...", libjpeg's
// "Corrupt JPEG data: ...", OpenCV's log lines) while a call runs, so that it can be folded into
// geodex's one-line message instead of preceding it. While a capture is active, everything the
// process writes to file descriptor 2 goes into it, from any thread: keep captures short (one
// decode). Captures are serialised by a mutex; if the redirection cannot be set up, nothing is
// captured and stderr is left alone.
#include <mutex>
#include <string>

namespace geodex {

class StderrCapture {
 public:
  StderrCapture();
  ~StderrCapture();  // restores stderr
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  // Restores stderr and returns what was written meanwhile (at most 64 kB); later calls return "".
  std::string finish();

 private:
  std::unique_lock<std::mutex> lock_;
  int savedFd_ = -1;
  int captureFd_ = -1;
};

}  // namespace geodex
