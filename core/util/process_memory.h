#pragma once
// The process's peak resident memory (Linux: VmHWM of /proc/self/status), for reports and
// benchmarks. 0 when it cannot be read.
#include <cstdint>

namespace geodex {

std::uint64_t peakResidentBytes();

}  // namespace geodex
