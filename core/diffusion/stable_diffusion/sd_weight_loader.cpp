#include "core/diffusion/stable_diffusion/sd_weight_loader.h"

#include <cstring>

#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"
#include "core/util/errors.h"
#include "core/util/torch_device.h"

namespace geodex {

namespace {

std::optional<torch::Dtype> torchDtype(SafetensorsDtype dtype) {
  switch (dtype) {
    case SafetensorsDtype::F32: return torch::kFloat32;
    case SafetensorsDtype::F16: return torch::kFloat16;
    case SafetensorsDtype::BF16: return torch::kBFloat16;
    case SafetensorsDtype::F64: return torch::kFloat64;
    default: return std::nullopt;
  }
}

// [C, C, 1, 1] and [C, C] hold the same numbers.
bool sameWeights(const std::vector<std::int64_t>& stored, c10::IntArrayRef wanted) {
  if (stored == wanted.vec()) return true;
  const auto squeezed = [](std::vector<std::int64_t> s) {
    while (s.size() > 2 && s.back() == 1) s.pop_back();
    return s;
  };
  return squeezed(stored) == squeezed(wanted.vec());
}

}  // namespace

void loadWeights(torch::nn::Module& module, const std::string& prefix,
                 const StableDiffusionCheckpoint& checkpoint,
                 const std::function<void(std::uint64_t)>& onBytes, const std::atomic<bool>* cancel) {
  torch::NoGradGuard noGrad;
  std::uint64_t done = 0;
  for (auto& item : module.named_parameters(/*recurse=*/true)) {
    if (cancel && cancel->load(std::memory_order_relaxed))
      throw CancelledError("loading '" + checkpoint.path() + "' was cancelled");
    const std::string canonical = prefix + item.key();
    torch::Tensor parameter = item.value();
    const WeightRef* ref = checkpoint.find(canonical);
    const std::string file = checkpoint.fileOf(prefix);
    if (!ref)
      throw ModelError("'" + file + "' lacks the tensor " + checkpoint.originalName(canonical) +
                       " its architecture (" + checkpoint.architecture().description() + ") needs");
    const std::string where = "'" + ref->file->path() + "': tensor '" + ref->tensor->name + "'";
    const std::vector<std::int64_t> shape = ref->shape();
    if (!sameWeights(shape, parameter.sizes()))
      throw ModelError(where + " has the shape " + shapeString(shape) + " but the recognised " +
                       "architecture needs " + shapeString(parameter.sizes()));
    const std::optional<torch::Dtype> dtype = torchDtype(ref->tensor->dtype);
    if (!dtype)
      throw ModelError(where + " is " + toString(ref->tensor->dtype) + ", not a floating-point weight");
    const std::span<const std::byte> all = ref->file->bytes(*ref->tensor);
    const std::size_t length = all.size() / std::size_t(ref->slices);
    const std::byte* data = all.data() + length * std::size_t(ref->slice);
    const std::size_t element = dtypeSize(ref->tensor->dtype);
    torch::Tensor source;
    if (reinterpret_cast<std::uintptr_t>(data) % element == 0) {
      source = torch::from_blob(const_cast<std::byte*>(data), parameter.sizes(), torch::dtype(*dtype));
    } else {  // the format does not promise alignment: copy this one tensor first
      source = torch::empty(parameter.sizes(), torch::dtype(*dtype));
      std::memcpy(source.data_ptr(), data, length);
    }
    parameter.copy_(source);
    if (ref->slice == ref->slices - 1) ref->file->release(*ref->tensor);
    if (!torch::isfinite(parameter).all().item<bool>())
      throw ModelError(where + " holds NaN or infinite values");
    done += length;
    if (onBytes) onBytes(done);
  }
}

}  // namespace geodex
