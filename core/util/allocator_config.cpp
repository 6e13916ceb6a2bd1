// jemalloc's configuration for every geodex executable (linked through geodex_core's interface).
// LibTorch allocates each tensor afresh; with glibc, or jemalloc's defaults, every tensor above
// 32 MB is a fresh mapping and its first write page-faults: a 33 MB SiLU took 54 ms, 7 ms of it
// compute. Keeping freed pages for reuse ("dirty_decay_ms:-1") takes the faults away — the
// SD 1.5 U-Net forward at 256² went from 2.5 s to 1.5 s, the VAE decode from 4.9 s to 1.8 s
// (docs/benchmarks.md). The cost: the process keeps its peak memory until it exits. MALLOC_CONF
// in the environment overrides this.
extern "C" {
// jemalloc reads this symbol at start-up; glibc ignores it.
__attribute__((used)) const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";
}
