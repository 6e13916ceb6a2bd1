#include "core/util/torch_checkpoint.h"

#include <filesystem>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

namespace {
constexpr const char* kKindKey = "geodex_kind";
constexpr const char* kNumberPrefix = "geodex_number_";
constexpr const char* kTextPrefix = "geodex_text_";

// The first line of a c10::Error (the rest is a C++ backtrace nobody can act on).
std::string firstLine(const std::exception& e) {
  std::string text = e.what();
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}
}  // namespace

void TorchCheckpoint::save(const std::string& path, const std::string& kind,
                           const Numbers& numbers, const Texts& texts,
                           const torch::nn::Module& module) {
  torch::serialize::OutputArchive archive;
  archive.write(kKindKey, c10::IValue(kind));
  for (const auto& [key, value] : numbers) archive.write(kNumberPrefix + key, c10::IValue(value));
  for (const auto& [key, value] : texts) archive.write(kTextPrefix + key, c10::IValue(value));
  module.save(archive);
  std::ostringstream bytes;
  try {
    archive.save_to(bytes);
  } catch (const std::exception& e) {
    throw IoError("cannot serialise the model for '" + path + "': " + firstLine(e));
  }
  writeFileAtomically(path, bytes.str());
}

TorchCheckpoint::TorchCheckpoint(const std::string& path, const std::string& expectedKind,
                                 torch::Device device)
    : path_(path) {
  if (!std::filesystem::is_regular_file(path))
    throw IoError("model file '" + path + "' does not exist");
  try {
    archive_.load_from(path, device);
  } catch (const std::exception& e) {
    throw IoError("'" + path + "' is not a LibTorch model archive: " + firstLine(e));
  }
  c10::IValue kind;
  if (!archive_.try_read(kKindKey, kind) || !kind.isString())
    throw ModelError("'" + path + "' is a LibTorch archive but not a geodex checkpoint (no kind tag)");
  if (kind.toStringRef() != expectedKind)
    throw ModelError("'" + path + "' holds a '" + kind.toStringRef() + "' model, expected '" +
                     expectedKind + "'");
}

double TorchCheckpoint::number(const std::string& key) const {
  c10::IValue value;
  if (!archive_.try_read(kNumberPrefix + key, value) || !value.isDouble())
    throw ModelError("checkpoint '" + path_ + "' lacks the number '" + key + "'");
  return value.toDouble();
}

std::string TorchCheckpoint::text(const std::string& key) const {
  c10::IValue value;
  if (!archive_.try_read(kTextPrefix + key, value) || !value.isString())
    throw ModelError("checkpoint '" + path_ + "' lacks the text '" + key + "'");
  return value.toStringRef();
}

void TorchCheckpoint::loadInto(torch::nn::Module& module) const {
  try {
    module.load(archive_);
  } catch (const std::exception& e) {
    throw ModelError("checkpoint '" + path_ + "' does not fit its network: " + firstLine(e));
  }
}

}  // namespace geodex
