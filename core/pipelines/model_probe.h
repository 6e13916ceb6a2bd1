#pragma once
// `model-probe`: load a Stable Diffusion checkpoint or diffusers folder, say what it is, and write
// what its networks compute for given inputs as float32 .npy files, so a user can compare geodex
// with a diffusers pipeline of the same weights in a few lines of Python (docs/stable-diffusion.md):
//   context.npy  the text embedding of the prompt (empty by default) [1, 77, C];
//   eps.npy      with a latent [1, 4, h, w] (the U-Net's scaled space): ε̂ at level t (for
//                v-models the ε derived from v̂), same shape;
//   decoded.npy  with a latent: the VAE decoder of latent / scale factor, [1, 3, f·h, f·w],
//                unclamped, in [−1, 1] units;
//   encoded.npy  with an image: scale factor × the VAE posterior mean of the image (RGB,
//                v/127.5 − 1), at its own size when both sides are multiples of the VAE's
//                factor f (8 for SD), else centre-cropped down to the nearest multiples.
// The files are written as one set, complete or not at all (with the caller's report, when it
// passes its set). Torch-free header.
#include <cstdint>
#include <string>
#include <vector>

#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_load_summary.h"
#include "core/util/device.h"
#include "core/util/solver_control.h"

namespace geodex {

class AtomicFileSet;

struct ModelProbeOptions {
  std::string model;       // .safetensors file or diffusers folder
  std::string outFolder;   // created when missing
  std::string prompt;      // empty: the unconditional embedding
  std::string vocabulary;  // tokenizer folder for prompts, when the model has none
  std::string textEmbedding;  // a [1, n, C] .npy instead of the text encoder
  std::string latentFile;  // [1, C, h, w] float .npy
  int timestep = 400;      // t of eps.npy
  std::string imageFile;
  std::string prediction;  // "" | "epsilon" | "v"
  DeviceChoice device = DeviceChoice::Auto;
  int threads = 0;         // LibTorch threads (0: all cores)
};

struct ModelProbeResult {
  StableDiffusionArchitecture architecture;
  StableDiffusionLoadSummary loaded;
  double loadSeconds = 0.0;
  std::uint64_t peakResidentBytes = 0;  // of the whole process, after the probe
  std::string device;
  double alphaBar = 0.0;  // ᾱ_t of eps.npy (with a latent)
  std::vector<std::string> written;  // the .npy files, in the order above
};

// InvalidArgumentError for unusable options or inputs (a latent of the wrong channels or sides,
// t outside the schedule), and what loading and the files throw. With `outputs` the .npy files
// join that set and the caller commits it (with its own report), else they are committed here.
ModelProbeResult probeModel(const ModelProbeOptions& options, const SolverControl& control = {},
                            AtomicFileSet* outputs = nullptr);

}  // namespace geodex
