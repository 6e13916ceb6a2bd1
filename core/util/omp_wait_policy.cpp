#include "core/util/omp_wait_policy.h"

#include <unistd.h>

#include <cstdlib>

namespace geodex {

void preferPassiveOpenMpWaiting(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  // Set first, so the re-executed program finds it and does not exec again.
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
#ifdef __linux__
  if (argv != nullptr && argv[0] != nullptr) execv("/proc/self/exe", argv);
#else
  (void)argv;
#endif
}

}  // namespace geodex
