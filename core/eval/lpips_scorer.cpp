#include "core/eval/lpips_scorer.h"

#include <torch/script.h>

#include <cmath>

#include "core/util/errors.h"
#include "core/util/torchscript_file.h"

namespace geodex {

struct LpipsScorer::Impl {
  TorchScriptFile model;
};

LpipsScorer::LpipsScorer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LpipsScorer::~LpipsScorer() = default;

std::shared_ptr<LpipsScorer> LpipsScorer::load(const std::string& path, DeviceChoice device) {
  std::shared_ptr<LpipsScorer> scorer(new LpipsScorer(std::make_unique<Impl>(
      Impl{TorchScriptFile(path, device, "LPIPS model", "tools/export_sd.py --lpips writes it")})));
  // A test pair: a broken or foreign module fails here, not after a long interpolation.
  RgbImage grey(32, 32);
  grey.pixels.setConstant(0.5f);
  scorer->distance(grey, grey);
  return scorer;
}

double LpipsScorer::distance(const RgbImage& a, const RgbImage& b) const {
  if (a.rows != b.rows || a.cols != b.cols)
    throw InvalidArgumentError("LPIPS compares images of one size, got " + std::to_string(a.rows) +
                               "×" + std::to_string(a.cols) + " and " + std::to_string(b.rows) +
                               "×" + std::to_string(b.cols));
  torch::NoGradGuard noGrad;
  const TorchScriptFile& model = impl_->model;
  const auto toInput = [&](const RgbImage& image) {
    Eigen::VectorXf chw = image.toSignedRange();
    return torch::from_blob(chw.data(), {1, 3, image.rows, image.cols}, torch::kFloat32)
        .to(model.device(), /*non_blocking=*/false, /*copy=*/true);
  };
  const c10::IValue output = model.forward({toInput(a), toInput(b)}, "two [1, 3, H, W] images");
  if (!output.isTensor() || output.toTensor().numel() != 1)
    throw model.failure("must return one distance per image pair");
  const double d = output.toTensor().to(torch::kCPU, torch::kFloat64).item<double>();
  if (!std::isfinite(d) || d < -1e-6)
    throw model.failure("returned " + std::to_string(d) + ", not a finite non-negative distance");
  return d;
}

std::vector<double> LpipsScorer::distances(const std::vector<RgbImage>& a,
                                           const std::vector<RgbImage>& b) const {
  if (a.size() != b.size())
    throw InvalidArgumentError("LPIPS needs as many first as second images");
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(distance(a[i], b[i]));
  return out;
}

std::vector<double> LpipsScorer::steps(const std::vector<RgbImage>& frames) const {
  if (frames.size() < 2) return {};
  return distances(std::vector<RgbImage>(frames.begin(), frames.end() - 1),
                   std::vector<RgbImage>(frames.begin() + 1, frames.end()));
}

}  // namespace geodex
