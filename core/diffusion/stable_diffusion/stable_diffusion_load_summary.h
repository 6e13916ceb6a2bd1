#pragma once
// What loading a Stable Diffusion checkpoint counted, passed on whole from the loader to the
// model's info and to model-probe's result. Torch-free.
#include <cstdint>
#include <string>

namespace geodex {

struct StableDiffusionLoadSummary {
  std::int64_t unetParameters = 0, vaeParameters = 0, textParameters = 0;
  std::uint64_t fileBytes = 0;  // the weights read
  int ignoredTensors = 0;       // tensors of the file no part uses (EMA copies, buffers, …)
  std::string textSource;       // "empty prompt", "prompt 'a cat'", the .npy path

  std::int64_t parameters() const { return unetParameters + vaeParameters + textParameters; }
};

}  // namespace geodex
