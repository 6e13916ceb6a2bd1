#include "core/diffusion/torchscript_epsilon_model.h"

#include <torch/script.h>

#include <filesystem>
#include <sstream>

#include "core/util/errors.h"
#include "core/util/torch_device.h"
#include "core/util/zip_archive_check.h"

namespace geodex {

namespace {
// The line of a (TorchScript) error a user can act on: the last "...Error: ..." line of the
// message without the C++ backtrace, else its first line.
std::string essence(const std::exception& e) {
  const auto* c10Error = dynamic_cast<const c10::Error*>(&e);
  std::istringstream text(c10Error ? c10Error->what_without_backtrace() : e.what());
  std::string line, first, lastError;
  while (std::getline(text, line)) {
    if (line.empty()) continue;
    if (first.empty()) first = line;
    if (line.find("Error: ") != std::string::npos) lastError = line;
  }
  return lastError.empty() ? first : lastError;
}
}  // namespace

TorchScriptEpsilonModel::TorchScriptEpsilonModel(std::string name,
                                                 const TorchScriptModelOptions& options,
                                                 torch::Device device, torch::jit::Module module)
    : name_(std::move(name)), options_(options), device_(device), module_(std::move(module)) {}

std::shared_ptr<TorchScriptEpsilonModel> TorchScriptEpsilonModel::load(
    const std::string& path, const TorchScriptModelOptions& options) {
  if (options.sampleShape.empty())
    throw InvalidArgumentError("say which data the TorchScript model is for (sample shape)");
  for (const std::int64_t n : options.sampleShape)
    if (n < 1) throw InvalidArgumentError("sample shape entries must be positive");
  // Before LibTorch opens it: no FIFO, device or directory, and every record's CRC.
  checkZipArchiveFile(path, "TorchScript model", "does not exist", "TorchScript file");
  const torch::Device device = resolveDevice(options.device);
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, device);
  } catch (const std::exception& e) {
    throw IoError(
        "'" + path + "' is not a TorchScript file (save it with torch.jit.save): " + essence(e),
        e.what());
  }
  if (!module.find_method("forward"))
    throw ModelError("TorchScript model '" + path + "' has no forward(x, t) method");
  module.eval();
  TorchScriptModelOptions resolved = options;
  if (resolved.conditioning.defined()) {
    if (resolved.conditioning.dim() == 0 || resolved.conditioning.size(0) != 1)
      throw InvalidArgumentError("the conditioning tensor needs a leading batch dimension of 1 "
                                 "([1, ...], shared by every sample), got " +
                                 shapeString(resolved.conditioning.sizes()));
    resolved.conditioning = resolved.conditioning.to(device);
  }
  const std::string name = "torchscript(" + std::filesystem::path(path).filename().string() + ")";
  std::shared_ptr<TorchScriptEpsilonModel> model(
      new TorchScriptEpsilonModel(name, resolved, device, std::move(module)));

  // Probe with a batch of two: a module for other data fails here, not in the middle of a solve.
  std::vector<std::int64_t> shape{2};
  shape.insert(shape.end(), options.sampleShape.begin(), options.sampleShape.end());
  const torch::Tensor x = torch::zeros(shape, torch::TensorOptions().dtype(options.dtype).device(device));
  const torch::Tensor t = torch::full({2}, options.probeTimestep,
                                      torch::TensorOptions().dtype(torch::kLong).device(device));
  const std::string what = "TorchScript model '" + path + "'";
  const std::string call = "forward(x " + shapeString(x.sizes()) + ", t [2]" +
                           (resolved.conditioning.defined()
                                ? ", cond " + shapeString(resolved.conditioning.sizes())
                                : std::string()) +
                           ")";
  c10::IValue output;
  try {
    torch::NoGradGuard noGrad;
    output = model->run(x, t);
  } catch (const std::exception& e) {
    throw ModelError(what + " fails on " + call + " — is it a model of " +
                     shapeString(options.sampleShape) + "-shaped data? " + essence(e));
  }
  if (!output.isTensor())
    throw ModelError(what + " returns " + output.tagKind() + " from " + call +
                     "; geodex needs the ε tensor");
  const torch::Tensor eps = output.toTensor();
  if (!eps.sizes().equals(x.sizes()))
    throw ModelError(what + " returns ε of shape " + shapeString(eps.sizes()) + " for " + call +
                     "; an ε-model of " + shapeString(options.sampleShape) +
                     "-shaped data must return a tensor shaped like x");
  return model;
}

c10::IValue TorchScriptEpsilonModel::run(const torch::Tensor& x, const torch::Tensor& t) const {
  std::vector<c10::IValue> inputs{x, t.to(options_.timestepDtype)};
  if (options_.conditioning.defined()) {
    const torch::Tensor& c = options_.conditioning;
    // [1, ...] is shared by the whole batch; [B, ...] is per sample.
    torch::Tensor batch = c;
    if (c.size(0) == 1 && x.size(0) != 1) {
      std::vector<std::int64_t> sizes(c.sizes().begin(), c.sizes().end());
      sizes[0] = x.size(0);
      batch = c.expand(sizes);
    }
    inputs.emplace_back(batch);
  }
  return module_.forward(inputs);
}

torch::Tensor TorchScriptEpsilonModel::computeEpsilon(const torch::Tensor& x,
                                                      const torch::Tensor& t) const {
  c10::IValue output;
  try {
    output = run(x, t);
  } catch (const std::exception& e) {
    throw ModelError("model '" + name_ + "' failed: " + essence(e));
  }
  if (!output.isTensor()) throw ModelError("model '" + name_ + "' did not return a tensor");
  return output.toTensor();
}

}  // namespace geodex
