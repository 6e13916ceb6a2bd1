#pragma once
// A stand-in Stable Diffusion model folder in tools/export_sd.py's format, for tests (no real
// weights here): TorchScript parts built with torch::jit::Module::define on 32×32 images (latent
// 4×4×4) — a VAE that averages 8×8 blocks and maps RGB to 4 channels (its decoder upsamples and
// maps back with the pseudo-inverse) and a U-Net-like ε(x, t) with the real signature.
// Includes LibTorch: test files that include it build with QT_NO_KEYWORDS.
#include <torch/script.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace geodex::test {

enum class Defect { None, MissingUnet, MalformedJson, WrongEncoderShape, NanUnet };

constexpr double kScale = 0.5;

inline void saveModule(const std::string& path, const std::string& source,
                const std::vector<std::pair<std::string, torch::Tensor>>& attributes) {
  torch::jit::Module module("StandIn");
  for (const auto& [name, value] : attributes)
    module.register_attribute(name, c10::TensorType::get(), value);
  module.define(source);
  module.save(path);
}

// A stand-in model folder for 32×32 images; `defect` breaks one part of it.
inline void writeStandInModel(const std::string& folder, Defect defect = Defect::None) {
  std::filesystem::create_directories(folder);
  torch::Tensor encoderMap = torch::tensor({1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0,
                                            1.0 / 3, 1.0 / 3, 1.0 / 3}, torch::kFloat32)
                                 .reshape({4, 3});
  const torch::Tensor decoderMap = torch::pinverse(encoderMap);  // [3, 4], left inverse
  torch::manual_seed(7);
  const torch::Tensor unetMap = 0.3 * torch::eye(4) + 0.1 * torch::randn({4, 4});
  saveModule(folder + "/vae_encoder.pt",
             defect == Defect::WrongEncoderShape
                 ? "def forward(self, x):\n    return x.reshape([x.size(0), 3, 4, 8, 4, 8]).mean([3, 5])\n"
                 : "def forward(self, x):\n"
                   "    p = x.reshape([x.size(0), 3, 4, 8, 4, 8]).mean([3, 5])\n"
                   "    return torch.conv2d(p, self.w)\n",
             {{"w", encoderMap.reshape({4, 3, 1, 1})}});
  saveModule(folder + "/vae_decoder.pt",
             "def forward(self, z):\n"
             "    up = z.repeat_interleave(8, 2).repeat_interleave(8, 3)\n"
             "    return torch.conv2d(up, self.w)\n",
             {{"w", decoderMap.reshape({3, 4, 1, 1}).contiguous()}});
  if (defect != Defect::MissingUnet)
    saveModule(folder + "/unet.pt",
               defect == Defect::NanUnet
                   ? "def forward(self, x, t):\n    return (x - x) / (x - x)\n"
                   : "def forward(self, x, t):\n"
                     "    return 0.5 * torch.tanh(torch.conv2d(x, self.m)) + 0.0002 * t.view(-1, 1, 1, 1)\n",
               {{"m", unetMap.reshape({4, 4, 1, 1}).contiguous()}});
  const nlohmann::json manifest = {
      {"format", "geodex-stable-diffusion-torchscript"},
      {"image_size", 32},
      {"latent_shape", {4, 4, 4}},
      {"latent_scale_factor", kScale},
      {"schedule",
       {{"type", "scaled_linear"}, {"beta_start", 0.00085}, {"beta_end", 0.012}, {"num_train_timesteps", 1000}}},
      {"prediction_type", "epsilon"}};
  std::ofstream(folder + "/model.json")
      << (defect == Defect::MalformedJson ? manifest.dump().substr(0, 40) : manifest.dump(2));
}

}  // namespace geodex::test
