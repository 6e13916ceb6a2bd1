// A .safetensors file (core/data/safetensors_file) and, when it parses, the Stable Diffusion
// recogniser on it (core/diffusion/stable_diffusion/stable_diffusion_checkpoint): header length,
// JSON limits, dtypes, shapes, offsets, overlaps, then key names and shapes.
#include "core/data/safetensors_file.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static geodex::fuzz::MemoryFile file;
  const std::string& path = file.write(data, size);
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::SafetensorsFile tensors(path);
    // Every range the reader accepted lies inside the map: reading it must not fault.
    for (const geodex::SafetensorsTensor& t : tensors.tensors()) {
      const auto bytes = tensors.bytes(t);
      volatile std::uint8_t sum = 0;
      for (std::byte b : bytes) sum = sum + std::uint8_t(b);
      if (t.dtype == geodex::SafetensorsDtype::F32 || t.dtype == geodex::SafetensorsDtype::F16 ||
          t.dtype == geodex::SafetensorsDtype::BF16)
        tensors.floats(t, 1 << 16);
    }
  });
  geodex::fuzz::expectOnlyGeodexErrors([&] { geodex::StableDiffusionCheckpoint::open(path); });
  return 0;
}
