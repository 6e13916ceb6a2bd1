#pragma once
// A user's ε-model exported from PyTorch as TorchScript (torch.jit.script/trace + save), with
// `forward(x, t)` or `forward(x, t, cond)`: x [B, sampleShape...], t [B] int64 timesteps, cond a
// conditioning tensor expanded to the batch. Loading checks the module against the shape the
// user loads it for, by running it once, and explains a mismatch. cond is given as [1, ...] and
// expanded to the batch. Includes LibTorch.
#include <memory>
#include <string>
#include <vector>

#include "core/diffusion/epsilon_model.h"
#include "core/util/device.h"

namespace geodex {

struct TorchScriptModelOptions {
  std::vector<std::int64_t> sampleShape;  // one sample: {d} or {C, H, W}
  torch::Tensor conditioning;             // optional [1, ...]: forward's 3rd argument, expanded to [B, ...]
  DeviceChoice device = DeviceChoice::Auto;
  torch::Dtype dtype = torch::kFloat32;   // the dtype of x the module expects
  std::int64_t probeTimestep = 400;       // t of the load-time check (the paper's level)
  // dtype of t handed to forward: int64 as PyTorch samplers pass it, or float32 for modules
  // traced with float timesteps (tools/export_sd.py's unet.pt).
  torch::Dtype timestepDtype = torch::kLong;
};

class TorchScriptEpsilonModel : public EpsilonModel {
 public:
  // Throws IoError when the file is missing or not TorchScript, ModelError when the module has
  // no forward, fails on a [2, sampleShape...] probe or returns something not shaped like x.
  static std::shared_ptr<TorchScriptEpsilonModel> load(const std::string& path,
                                                       const TorchScriptModelOptions& options);

  std::string name() const override { return name_; }
  std::vector<std::int64_t> sampleShape() const override { return options_.sampleShape; }
  torch::Device device() const override { return device_; }
  torch::Dtype dtype() const override { return options_.dtype; }

 protected:
  torch::Tensor computeEpsilon(const torch::Tensor& x, const torch::Tensor& t) const override;

 private:
  TorchScriptEpsilonModel(std::string name, const TorchScriptModelOptions& options,
                          torch::Device device, torch::jit::Module module);
  // The module's raw output for x and t (conditioning expanded to the batch).
  c10::IValue run(const torch::Tensor& x, const torch::Tensor& t) const;

  std::string name_;
  TorchScriptModelOptions options_;
  torch::Device device_;
  mutable torch::jit::Module module_;  // forward() is not const; the module is not modified
};

}  // namespace geodex
