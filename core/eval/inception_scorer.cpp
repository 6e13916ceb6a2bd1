#include "core/eval/inception_scorer.h"

#include <torch/script.h>

#include <algorithm>

#include "core/util/errors.h"
#include "core/util/torchscript_file.h"

namespace geodex {

struct InceptionScorer::Impl {
  TorchScriptFile model;
  int featureSize = 0;  // 0 until the test batch has run
};

InceptionScorer::InceptionScorer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
InceptionScorer::~InceptionScorer() = default;

std::shared_ptr<InceptionScorer> InceptionScorer::load(const std::string& path, DeviceChoice device) {
  std::shared_ptr<InceptionScorer> scorer(new InceptionScorer(std::make_unique<Impl>(
      Impl{TorchScriptFile(path, device, "Inception model",
                           "tools/export_sd.py --inception writes inception_pool.pt")})));
  // A test batch of two different images: a broken or foreign module (wrong output shape, one
  // row for the whole batch, NaN) fails here, not after a long interpolation.
  RgbImage dark(64, 64), light(64, 64);
  dark.pixels.setConstant(0.25f);
  light.pixels.setConstant(0.75f);
  scorer->impl_->featureSize = int(scorer->batchFeatures({dark, light}, 0, 2).cols());
  return scorer;
}

int InceptionScorer::featureSize() const { return impl_->featureSize; }

Eigen::MatrixXd InceptionScorer::batchFeatures(const std::vector<RgbImage>& images,
                                               std::size_t begin, std::size_t end) const {
  const int rows = images[begin].rows, cols = images[begin].cols;
  const auto count = std::int64_t(end - begin);
  torch::NoGradGuard noGrad;
  torch::Tensor input = torch::empty({count, 3, rows, cols}, torch::kFloat32);
  const std::int64_t perImage = 3 * std::int64_t(rows) * cols;
  for (std::size_t i = begin; i < end; ++i)  // RgbImage is CHW: a straight copy per image
    std::copy_n(images[i].pixels.data(), perImage, input.data_ptr<float>() + std::int64_t(i - begin) * perImage);
  const TorchScriptFile& model = impl_->model;
  const c10::IValue output =
      model.forward({input.to(model.device())}, "images [" + std::to_string(count) + ", 3, " +
                                                     std::to_string(rows) + ", " +
                                                     std::to_string(cols) + "]");
  if (!output.isTensor()) throw model.failure("must return a tensor [B, F]");
  const torch::Tensor features = output.toTensor().to(torch::kCPU, torch::kFloat64).contiguous();
  const int expected = impl_->featureSize;
  if (features.dim() != 2 || features.size(0) != count || features.size(1) < 1 ||
      (expected > 0 && features.size(1) != expected)) {
    std::string shape;
    for (const auto size : features.sizes()) shape += (shape.empty() ? "" : ", ") + std::to_string(size);
    throw model.failure("returns shape [" + shape + "] for " + std::to_string(count) +
                        " images, expected [" + std::to_string(count) + ", " +
                        (expected > 0 ? std::to_string(expected) : std::string("F")) + "]");
  }
  Eigen::MatrixXd out(count, features.size(1));
  // torch is row-major: copy through a row-major map.
  out = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      features.data_ptr<double>(), count, features.size(1));
  if (!out.allFinite())
    throw model.failure("returned NaN or infinite features");
  return out;
}

Eigen::MatrixXd InceptionScorer::features(const std::vector<RgbImage>& images, int batchSize) const {
  if (batchSize < 1) throw InvalidArgumentError("Inception features: batch size must be ≥ 1");
  Eigen::MatrixXd out(Eigen::Index(images.size()), impl_->featureSize);
  std::size_t begin = 0;
  while (begin < images.size()) {
    if (images[begin].empty()) throw InvalidArgumentError("Inception features: an image is empty");
    // A batch: up to batchSize consecutive images of one size.
    std::size_t end = begin + 1;
    while (end < images.size() && end - begin < std::size_t(batchSize) &&
           images[end].rows == images[begin].rows && images[end].cols == images[begin].cols)
      ++end;
    out.middleRows(Eigen::Index(begin), Eigen::Index(end - begin)) = batchFeatures(images, begin, end);
    begin = end;
  }
  return out;
}

}  // namespace geodex
