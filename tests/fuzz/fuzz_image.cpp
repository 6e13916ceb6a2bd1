// Image files (core/data/image_io + image_header): the container check, then OpenCV's decoders
// on what passes it, then the conversion to RGB floats.
#include <cmath>

#include "core/data/image_io.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::RgbImage image = geodex::decodeRgbImage(bytes, "fuzz-input");
    // Decoded pixels must be defined values in [0, 1] (MSan would flag uninitialised ones; here
    // at least nothing is NaN or out of range).
    for (Eigen::Index i = 0; i < image.pixels.size(); ++i)
      if (!(image.pixels[i] >= 0.0f && image.pixels[i] <= 1.0f)) std::abort();
  });
  return 0;
}
