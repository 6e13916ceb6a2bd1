#include "core/util/torch_checkpoint.h"

#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/library_errors.h"
#include "core/util/message_format.h"
#include "core/util/torch_device.h"
#include "core/util/zip_archive_check.h"

namespace geodex {

namespace {
constexpr const char* kKindKey = "geodex_kind";
const std::string kNumberPrefix = "geodex_number_";
const std::string kTextPrefix = "geodex_text_";

std::int64_t weightBytes(const torch::nn::Module& module) {
  std::int64_t bytes = 0;
  for (const auto& p : module.parameters()) bytes += p.numel() * std::int64_t(p.element_size());
  for (const auto& b : module.buffers()) bytes += b.numel() * std::int64_t(b.element_size());
  return bytes;
}

// Every parameter and buffer of `module` against the archive's, before anything is loaded:
// torch::nn::Module::load replaces a tensor of another shape without a word, and the mismatch
// surfaced later as a LibTorch backtrace from the first forward pass.
void checkShapes(const torch::nn::Module& module, torch::serialize::InputArchive& archive,
                 const std::string& prefix, const std::string& label) {
  const auto check = [&](const std::string& key, const torch::Tensor& expected, bool buffer) {
    torch::Tensor stored;
    if (!archive.try_read(key, stored, buffer))
      throw ModelError(label + " lacks the tensor '" + prefix + key + "' of its network");
    if (!stored.sizes().equals(expected.sizes()))
      throw ModelError(label + ": tensor '" + prefix + key + "' is stored as " +
                       shapeString(stored.sizes()) + ", the network its header describes needs " +
                       shapeString(expected.sizes()) + " (header and weights disagree)");
    if (stored.scalar_type() != expected.scalar_type())
      throw ModelError(label + ": tensor '" + prefix + key + "' is stored as " +
                       std::string(c10::toString(stored.scalar_type())) + ", expected " +
                       std::string(c10::toString(expected.scalar_type())));
  };
  for (const auto& p : module.named_parameters(/*recurse=*/false)) check(p.key(), p.value(), false);
  for (const auto& b : module.named_buffers(/*recurse=*/false)) check(b.key(), b.value(), true);
  for (const auto& child : module.named_children()) {
    torch::serialize::InputArchive childArchive;
    if (!archive.try_read(child.key(), childArchive))
      throw ModelError(label + " lacks the part '" + prefix + child.key() + "' of its network");
    checkShapes(*child.value(), childArchive, prefix + child.key() + ".", label);
  }
}
}  // namespace

void TorchCheckpoint::save(const std::string& path, const std::string& kind,
                           const Numbers& numbers, const Texts& texts,
                           const torch::nn::Module& module) {
  writeFileAtomically(path, encode(path, kind, numbers, texts, module));
}

std::string TorchCheckpoint::encode(const std::string& path, const std::string& kind,
                                    const Numbers& numbers, const Texts& texts,
                                    const torch::nn::Module& module) {
  // Sized first: LibTorch's zip writer throws from its destructor when it fails mid-way.
  const std::int64_t bytes = weightBytes(module);
  if (bytes > kMaxWeightBytes)
    throw InvalidArgumentError("cannot save '" + path + "': the model has " + byteCount(bytes) +
                               " of weights, more than the " + byteCount(kMaxWeightBytes) +
                               " a geodex checkpoint holds");
  std::ostringstream out;
  try {
    torch::serialize::OutputArchive archive;
    archive.write(kKindKey, c10::IValue(kind));
    for (const auto& [key, value] : numbers) archive.write(kNumberPrefix + key, c10::IValue(value));
    for (const auto& [key, value] : texts) archive.write(kTextPrefix + key, c10::IValue(value));
    module.save(archive);
    archive.save_to(out);
  } catch (const std::bad_alloc&) {
    throw ResourceError("cannot serialise the model for '" + path + "': not enough memory");
  } catch (const std::exception& e) {
    throw WriteError("cannot serialise the model for '" + path + "': " + torchErrorLine(e),
                     e.what());
  }
  return out.str();
}

TorchCheckpoint::TorchCheckpoint(const std::string& path, const std::string& expectedKind,
                                 torch::Device device)
    : path_(path) {
  // Before LibTorch opens it: no FIFO, device or directory, and every record's CRC.
  checkZipArchiveFile(path, "model file", "does not exist", "LibTorch model archive");
  try {
    archive_.load_from(path, device);
  } catch (const std::exception& e) {
    throw IoError("'" + path + "' is not a LibTorch model archive: " + torchErrorLine(e), e.what());
  }
  c10::IValue kind;
  Numbers numbers;
  Texts texts;
  try {
    if (!archive_.try_read(kKindKey, kind) || !kind.isString())
      throw ModelError("'" + path +
                       "' is a LibTorch archive but not a geodex checkpoint (no kind tag)");
    for (const std::string& key : archive_.keys()) {
      c10::IValue value;
      if (key.rfind(kNumberPrefix, 0) == 0 && archive_.try_read(key, value) && value.isDouble())
        numbers[key.substr(kNumberPrefix.size())] = value.toDouble();
      if (key.rfind(kTextPrefix, 0) == 0 && archive_.try_read(key, value) && value.isString())
        texts[key.substr(kTextPrefix.size())] = value.toStringRef();
    }
  } catch (const GeodexError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError("'" + path + "' has an unreadable geodex header: " + torchErrorLine(e),
                     e.what());
  }
  if (kind.toStringRef() != expectedKind)
    throw ModelError("'" + path + "' holds a '" + kind.toStringRef() + "' model, expected '" +
                     expectedKind + "'");
  header_ = CheckpointHeader(path, kind.toStringRef(), std::move(numbers), std::move(texts));
}

void TorchCheckpoint::loadInto(torch::nn::Module& module) const {
  try {
    checkShapes(module, archive_, "", header_.label());
    module.load(archive_);
  } catch (const GeodexError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError("checkpoint '" + path_ + "' does not fit its network: " + torchErrorLine(e),
                     e.what());
  }
}

}  // namespace geodex
