#pragma once
// diffusers' tensor names → the original latent-diffusion names the networks here carry, for
// any number of levels and blocks per level (the mapping of diffusers' own
// convert_diffusers_to_original_stable_diffusion.py, generalised from its fixed 4 × 2 layout).
// Torch-free.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace geodex {

struct DiffusersUnetLayout {
  int layersPerBlock = 2;
  std::vector<bool> upBlockHasAttention;  // per up block, in diffusers' order (deepest first)
  std::vector<int> headsPerLevel;         // heads per level (diffusers' attention_head_dim)
};

// From unet/config.json (layers_per_block, up_block_types, attention_head_dim or
// num_attention_heads, block_out_channels). ModelError naming the file for missing or
// malformed fields.
DiffusersUnetLayout diffusersUnetLayout(const nlohmann::json& config, const std::string& folder);
// Levels of vae/config.json's block_out_channels.
int diffusersVaeLevels(const nlohmann::json& config);

// The latent-diffusion name of a diffusers U-Net or VAE tensor; empty when it has none.
std::string ldmUnetName(const std::string& diffusers, const DiffusersUnetLayout& layout);
std::string ldmVaeName(const std::string& diffusers, int levels);

}  // namespace geodex
