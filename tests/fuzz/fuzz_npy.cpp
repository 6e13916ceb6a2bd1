// A .npy array (core/data/npy_file): magic, version, header dict, dtype, shape against the bytes.
#include "core/data/npy_file.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::NpyArray array = geodex::parseNpy(bytes, "fuzz.npy", 1 << 20);
    if (std::int64_t(array.values.size()) != array.elementCount()) std::abort();
  });
  return 0;
}
