#pragma once
// The process's memory: its peak resident size (Linux: VmHWM of /proc/self/status), for reports
// and benchmarks, and what it may still allocate, so a big allocation is refused with its size
// before it is attempted (an allocator failure names nothing, or kills the process). 0 when a
// figure cannot be read.
#include <cstdint>
#include <string>

namespace geodex {

std::uint64_t peakResidentBytes();

// What this process can still allocate: the machine's available memory (MemAvailable of
// /proc/meminfo), capped by the address-space and data limits (ulimit -v, -d) less what the
// process already maps. 0 when nothing can be read (then nothing is refused).
std::uint64_t allocatableBytes();

// Throws ResourceError "out of memory: <what> needs <bytes>, more than the <n> this process can
// still allocate; <advice>" when `bytes` exceeds allocatableBytes(). `bytes` is a double so an
// estimate that overflows 64 bits is still refused.
void checkAllocation(const std::string& what, double bytes, const std::string& advice);

}  // namespace geodex
