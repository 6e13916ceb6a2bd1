#pragma once
// LibTorch's intra-op thread count for the current scope. With the OpenMP backend (Debian's
// LibTorch) the count is per calling thread, so a worker thread must set its own: long work
// (training, DDIM) opens one of these at its start. Torch-free header.
namespace geodex {

class ScopedTorchThreads {
 public:
  // threads ≤ 0: all hardware threads; otherwise at most the hardware concurrency (more only
  // oversubscribes the cores). All, also on a busy machine: with passive OpenMP waiting
  // (omp_wait_policy.h) 2 threads ran the U-Net's DDIM 1.4–1.9× faster than 1, quiet and beside
  // CPU hogs; training 1.3–2.2× quiet, 0.6–2× loaded (docs/benchmarks.md).
  explicit ScopedTorchThreads(int threads);
  ~ScopedTorchThreads();
  ScopedTorchThreads(const ScopedTorchThreads&) = delete;
  ScopedTorchThreads& operator=(const ScopedTorchThreads&) = delete;

  int threads() const { return threads_; }

 private:
  int previous_;
  int threads_;
};

// The count ScopedTorchThreads would use for a request.
int effectiveTorchThreads(int requested);

}  // namespace geodex
