#pragma once
// Wall-clock seconds since construction (or the last restart): the one clock the Result
// structs' `seconds` fields are measured with.
#include <chrono>

namespace geodex {

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void restart() { start_ = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace geodex
