#pragma once
// The architecture of a Stable Diffusion 1.x / 2.x checkpoint read from its tensors' names and
// shapes (no weights loaded): the U-Net's levels, widths, attention and transformer depth, the
// VAE's levels and the text encoder's size, and whether the parts belong together. Shared by
// the single-file and the diffusers-folder readers (stable_diffusion_checkpoint.h). Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/diffusion/stable_diffusion/stable_diffusion_architecture.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"

namespace geodex {

// What geodex reads, for the end of a refusal.
std::string whatGeodexReads();

// The catalogue's shape queries, in the words the recognisers use; a missing tensor or too few
// dimensions is a ModelError naming the file and the tensor's original name.
class CheckpointShapes {
 public:
  explicit CheckpointShapes(const StableDiffusionCheckpoint& c) : c_(c) {}
  bool has(const std::string& name) const { return c_.find(name) != nullptr; }
  std::vector<std::int64_t> of(const std::string& name) const;
  std::int64_t dim(const std::string& name, std::size_t axis) const;
  // How many of before + 0 + after, before + 1 + after, ... there are.
  int count(const std::string& before, const std::string& after) const;
  static std::string shapeText(const std::vector<std::int64_t>& s);

 private:
  const StableDiffusionCheckpoint& c_;
};

// `path` names the file in messages. ModelError for a U-Net geodex cannot run (inpainting,
// image-conditioned, no cross-attention, not the latent-diffusion structure).
SdUnetConfig recogniseUnet(const CheckpointShapes& s, const std::string& path);
SdVaeConfig recogniseVae(const CheckpointShapes& s);
// The HF-named text transformer; `layersUsed` < its layers for SD 2.x's penultimate output.
ClipTextConfig recogniseText(const CheckpointShapes& s, int heads, bool dropLastLayer);
// ModelError when the VAE, U-Net and text encoder do not fit together.
void checkPartsAgree(const StableDiffusionArchitecture& a, const std::string& path);

}  // namespace geodex
