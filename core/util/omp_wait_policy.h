#pragma once
// OpenMP threads that wait passively, for every geodex executable. Torch-free, Qt-free.
namespace geodex {

// Call first in main(). Unless OMP_WAIT_POLICY is already set, sets it to PASSIVE and re-executes
// the program (same pid, arguments and environment otherwise): libgomp reads its environment in
// a library constructor, before main() runs, so a setenv() in main() alone comes too late. With
// the default active policy an OpenMP thread spins on a core it shares with other work, and
// LibTorch with 2 threads on 2 busy cores ran > 20× slower (docs/benchmarks.md). Returns only
// when no re-execution happened (already set, or exec failed: then the program runs as before).
void preferPassiveOpenMpWaiting(char** argv);

}  // namespace geodex
