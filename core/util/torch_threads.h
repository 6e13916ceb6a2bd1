#pragma once
// LibTorch's intra-op thread count for the current scope. With the OpenMP backend (Debian's
// LibTorch) the count is per calling thread, so a worker thread must set its own: long work
// (training, DDIM) opens one of these at its start. Torch-free header.
namespace geodex {

class ScopedTorchThreads {
 public:
  // threads ≤ 0: automaticTorchThreads(); otherwise at most the hardware concurrency (more only
  // oversubscribes the cores).
  explicit ScopedTorchThreads(int threads);
  ~ScopedTorchThreads();
  ScopedTorchThreads(const ScopedTorchThreads&) = delete;
  ScopedTorchThreads& operator=(const ScopedTorchThreads&) = delete;

  int threads() const { return threads_; }

 private:
  int previous_;
  int threads_;
};

// The count ScopedTorchThreads would use for a positive request; all hardware threads for ≤ 0.
int effectiveTorchThreads(int requested);

// Tasks runnable on the machine right now besides the caller (the least of three readings of
// /proc/loadavg 2 ms apart); -1 where that is unknown.
int otherRunnableTasks();

// All hardware threads, or one when other runnable tasks already fill every core: then
// intra-op threads wait for each other's time slices at every operation. Beside two busy loops
// on 2 cores, 2 threads against 1: DSM training 0.09×, the tiny SD geodesic 0.32×, U-Net DDPM
// training and DDIM 1.07–1.13×; beside four, the U-Net's score + VJP 0.07–0.82× (batches 1–27).
// Quiet, 2 threads: DDIM 1.3× (docs/diffusion-models.md#threads).
int automaticTorchThreads();

}  // namespace geodex
