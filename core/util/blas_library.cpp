#include "core/util/blas_library.h"

#include <dlfcn.h>

#include <filesystem>

namespace geodex {

std::string blasLibraryPath() {
  void* symbol = ::dlsym(RTLD_DEFAULT, "sgemm_");
  Dl_info info{};
  if (!symbol || ::dladdr(symbol, &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  const std::filesystem::path resolved = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::string(info.dli_fname) : resolved.string();
}

bool usesReferenceBlas() {
  // Debian installs the reference implementation as …/blas/libblas.so.3 (package libblas3).
  return blasLibraryPath().find("/blas/libblas.so") != std::string::npos;
}

std::string referenceBlasWarning() {
  if (!usesReferenceBlas()) return {};
  return "LibTorch's matrix products run on the reference BLAS (" + blasLibraryPath() +
         "), about 20x slower than OpenBLAS: apt-get install libopenblas0-openmp";
}

}  // namespace geodex
