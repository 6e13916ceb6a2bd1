#pragma once
// Which BLAS LibTorch's matrix products run on in this process. Debian's libtorch links
// libblas.so.3, which is the netlib reference implementation unless an optimised one (OpenBLAS,
// BLIS) is installed: 6 against 130–210 GFLOP/s on this project's machines (docs/benchmarks.md).
// Torch-free.
#include <string>

namespace geodex {

// The file that provides sgemm_ ("/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3"), or
// empty when it cannot be told.
std::string blasLibraryPath();
// Whether that is the reference BLAS (Debian's libblas3).
bool usesReferenceBlas();
// One line for users when it is, else empty: what to install.
std::string referenceBlasWarning();

}  // namespace geodex
