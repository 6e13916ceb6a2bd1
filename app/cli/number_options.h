#pragma once
// geodex-cli's numbers as typed: the range of a whole-number option, lists of numbers and points.
// Errors are InvalidArgumentError naming the option.
#include <CLI/CLI.hpp>
#include <Eigen/Dense>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/util/number_setting.h"

namespace geodex::cli {

// The one range of a whole-number option, shown in --help ("whole number in [0, 10000000]"):
// refuses a sign where none belongs (`--seed -1` became 2⁶⁴−1), a fraction, overflow
// (`--seed 99999999999999999999`) and values outside [min, max], naming the option.
CLI::Validator wholeNumberIn(long long min, unsigned long long max);
// An option taking a whole number in [min, max], its default shown in --help.
template <class Number>
CLI::Option* addWholeNumberOption(CLI::App* command, const std::string& name, Number& value,
                                  const std::string& description, long long min,
                                  unsigned long long max) {
  return command->add_option(name, value, description)
      ->check(wholeNumberIn(min, max))
      ->capture_default_str();
}
// A NumberSetting's range as CLI11 checks it: "--lambda: λ must be in [0.001, 100000000], got 0".
CLI::Validator settingRange(const NumberSetting& setting);
// The option --<setting.name> with the setting's help and range, its default shown in --help:
// what core checks and the window's widgets offer (core/util/number_setting.h).
template <class Number>
CLI::Option* addNumberOption(CLI::App* command, const NumberSetting& setting, Number& value) {
  return command->add_option("--" + std::string(setting.name), value, setting.help)
      ->check(settingRange(setting))
      ->capture_default_str();
}
// Caps of the iteration and sample counts, the same in every command that takes them.
inline constexpr unsigned long long kMaxIterations = 1'000'000;       // --iterations
inline constexpr unsigned long long kMaxAdamIterations = 10'000'000;  // --adam-iterations
inline constexpr unsigned long long kMaxScoreSamples = 1'000'000;     // --samples of a score
inline constexpr unsigned long long kMaxThreads = 1024;               // --threads
inline constexpr unsigned long long kMaxSeed = std::numeric_limits<std::uint64_t>::max();
inline constexpr unsigned long long kMaxIndex = std::numeric_limits<int>::max();  // --digit-index

// `text` as a number when the whole of it is one (leading spaces allowed, as std::stod and
// CLI11 allow them): "1e3" → 1000; "", " ", "1e3x" and "1e3 " → nullopt. Infinities and NaN are
// numbers here: the caller's range refuses them.
std::optional<double> numberIn(const std::string& text);

// "0.02,0.05" → numbers; `what` names the option in errors (InvalidArgumentError).
std::vector<double> parseNumberList(const std::string& text, const std::string& what);
// "1,0,0" → vector of `dimension` coordinates, each within ±kMaxCoordinate (the synthetic
// manifolds live near the unit scale; 1e155 overflowed squared distances and snapped the
// distance field's source to a grid corner).
inline constexpr double kMaxCoordinate = 1e6;
Eigen::VectorXd parsePoint(const std::string& text, int dimension, const std::string& what);

}  // namespace geodex::cli
