// Model files before LibTorch sees them: the zip structure and CRC check of every record
// (core/util/zip_archive_check) on inputs that start like a zip archive, and the interpretation
// of a checkpoint's header numbers (MlpScoreModelConfig, UnetEpsilonNetworkOptions and the noise
// schedule from a CheckpointHeader) on "key=value" lines otherwise.
#include <cmath>
#include <cstring>
#include <sstream>

#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/unet_epsilon_network_options.h"
#include "core/score/mlp_score_model_config.h"
#include "core/util/checkpoint_header.h"
#include "core/util/zip_archive_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

void checkZip(const std::uint8_t* data, std::size_t size) {
  const geodex::ZipReader read = [&](std::uint64_t offset, void* buffer, std::size_t bytes) {
    if (offset > size || bytes > size - offset) throw geodex::IoError("fuzz: read past the end");
    std::memcpy(buffer, data + offset, bytes);
  };
  geodex::fuzz::expectOnlyGeodexErrors([&] { geodex::checkZipArchive(read, size, "fuzz.pt"); });
}

void checkHeader(const std::uint8_t* data, std::size_t size) {
  geodex::CheckpointHeader::Numbers numbers;
  geodex::CheckpointHeader::Texts texts;
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(lines, line);) {
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    const std::string key = line.substr(0, equals), value = line.substr(equals + 1);
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end != value.c_str() && *end == '\0')
      numbers[key] = number;
    else
      texts[key] = value;
  }
  const geodex::CheckpointHeader header("fuzz.pt", "fuzz", numbers, texts);
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::MlpScoreModelConfig config = geodex::MlpScoreModelConfig::fromHeader(header);
    if (config.parameterCount() > geodex::MlpScoreModelConfig::kMaxParameters) std::abort();
  });
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const auto options = geodex::UnetEpsilonNetworkOptions::fromHeader(header);
    if (options.baseChannels % options.groups != 0) std::abort();
  });
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::NoiseSchedule schedule(geodex::noiseScheduleFromHeader(header));
    for (const double a : schedule.alphaBars())
      if (!(a >= 0.0 && a <= 1.0)) std::abort();
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    checkZip(data, size);
  else
    checkHeader(data, size);
  return 0;
}
