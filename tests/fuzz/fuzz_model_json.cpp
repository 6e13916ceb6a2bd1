// model.json of a Stable Diffusion folder (core/diffusion/stable_diffusion_manifest): the
// depth-limited parse and the field-by-field checks.
#include "core/diffusion/stable_diffusion_manifest.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::StableDiffusionManifest m =
        geodex::parseStableDiffusionManifest(text, "fuzz/model.json");
    // What the loader sizes from it must be within the stated limits.
    const std::int64_t d = m.latentShape.at(0) * m.latentShape.at(1) * m.latentShape.at(2);
    if (d < 1 || d > geodex::StableDiffusionManifest::kMaxLatentDimension || m.imageSize < 8 ||
        m.imageSize > geodex::StableDiffusionManifest::kMaxImageSize)
      std::abort();
    geodex::NoiseSchedule schedule(m.schedule);
    if (schedule.timesteps() != m.schedule.timesteps) std::abort();
  });
  return 0;
}
