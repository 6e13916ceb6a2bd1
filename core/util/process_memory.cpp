#include "core/util/process_memory.h"

#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <string>
#include <utility>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

// The value of "<key>  1234 kB" in a /proc file, in bytes; 0 when absent.
std::uint64_t procKilobytes(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      try {
        return std::stoull(line.substr(key.size())) * 1024;
      } catch (const std::exception&) {
        return 0;
      }
    }
  return 0;
}

}  // namespace

std::uint64_t peakResidentBytes() { return procKilobytes("/proc/self/status", "VmHWM:"); }

std::uint64_t allocatableBytes() {
  std::uint64_t bytes = procKilobytes("/proc/meminfo", "MemAvailable:");
  if (bytes == 0) bytes = std::numeric_limits<std::uint64_t>::max();
  // Each limit counts what the process already has: all its mappings, or its data segments.
  for (const auto& [resource, used] : {std::pair{RLIMIT_AS, "VmSize:"}, std::pair{RLIMIT_DATA, "VmData:"}}) {
    rlimit limit{};
    if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) continue;
    const std::uint64_t cap = std::uint64_t(limit.rlim_cur);
    const std::uint64_t mapped = procKilobytes("/proc/self/status", used);
    bytes = std::min(bytes, cap > mapped ? cap - mapped : 1);
  }
  return bytes == std::numeric_limits<std::uint64_t>::max() ? 0 : bytes;
}

void checkAllocation(const std::string& what, double bytes, const std::string& advice) {
  const std::uint64_t available = allocatableBytes();
  if (available == 0 || bytes <= double(available)) return;
  const std::string size =
      bytes >= 1.8e19 ? numberText(bytes) + " bytes" : byteCount(std::uint64_t(bytes));
  throw ResourceError("out of memory: " + what + " needs " + size + ", more than the " +
                      byteCount(available) + " this process can still allocate" +
                      (advice.empty() ? "" : "; " + advice));
}

}  // namespace geodex
