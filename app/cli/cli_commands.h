#pragma once
// The subcommands of geodex-cli. Each registers its options on a CLI11 app and runs when
// selected; errors are thrown as GeodexError and reported by main() in one line.
#include <CLI/CLI.hpp>
#include <Eigen/Dense>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/util/errors.h"

namespace geodex::cli {

// `text` to standard output, flushed: WriteError when it does not arrive (a full disk, a closed
// stdout), CancelledError after Ctrl-C.
void writeStandardOutput(const std::string& text);
// JSON to a file (atomically), to stdout for "-", nowhere for "".
void writeJson(const std::string& path, const nlohmann::json& json);

// Before any work: refuses (InvalidArgumentError naming both options) two outputs that are one
// file — the same name, or a link to the other — and any output that is a FIFO, device or folder
// (a folder is what `folder` options want). Empty paths and "-" (stdout) are skipped.
struct OutputOption {
  std::string option;  // "--json"
  std::string path;
  bool folder = false;
};
void checkOutputs(const std::vector<OutputOption>& outputs);

// The one range of a whole-number option, shown in --help ("whole number in [0, 10000000]"):
// refuses a sign where none belongs (`--seed -1` became 2⁶⁴−1), a fraction, overflow
// (`--seed 99999999999999999999`) and values outside [min, max], naming the option.
CLI::Validator wholeNumberIn(long long min, unsigned long long max);
// Caps of the iteration and sample counts, the same in every command that takes them.
inline constexpr unsigned long long kMaxIterations = 1'000'000;       // --iterations
inline constexpr unsigned long long kMaxAdamIterations = 10'000'000;  // --adam-iterations
inline constexpr unsigned long long kMaxGraphSamples = 100'000;       // --graph-samples
inline constexpr unsigned long long kMaxScoreSamples = 1'000'000;     // --samples of a score
inline constexpr unsigned long long kMaxThreads = 1024;               // --threads
inline constexpr unsigned long long kMaxSeed = std::numeric_limits<std::uint64_t>::max();

// "0.02,0.05" → numbers; `what` names the option in errors (InvalidArgumentError).
std::vector<double> parseNumberList(const std::string& text, const std::string& what);
// "1,0,0" → vector of `dimension` coordinates, each within ±kMaxCoordinate (the synthetic
// manifolds live near the unit scale; 1e155 overflowed squared distances and snapped the
// distance field's source to a grid corner).
inline constexpr double kMaxCoordinate = 1e6;
inline constexpr double kMaxExtrapolation = 100.0;  // --extrapolate, in lengths of the geodesic
Eigen::VectorXd parsePoint(const std::string& text, int dimension, const std::string& what);

// Non-finite numbers during a run: core names the model and the point, only the command knows
// which options set the numbers' scale. Runs `work`; a NumericalError from it comes back with
// "; likely too extreme for this model: <options>" (e.g. "--sigma 1e-300, --lambda 1e+08").
[[noreturn]] void rethrowNamingOptions(const NumericalError& error, const std::string& options);
template <class Work>
decltype(auto) namingOptionsOnBreakdown(const std::string& options, Work&& work) {
  try {
    return work();
  } catch (const NumericalError& e) {
    rethrowNamingOptions(e, options);
  }
}

void addGeodesicCommand(CLI::App& app);
void addShootCommand(CLI::App& app);
// The exponential-map fan and the geodesic distance field (issue #14).
void addFanCommand(CLI::App& app);
void addDistanceFieldCommand(CLI::App& app);
void addManifoldsCommand(CLI::App& app);
// Rotated MNIST (app/cli/mnist_command.cpp).
void addMnistGeodesicCommand(CLI::App& app);
void addMnistEvalCommand(CLI::App& app);
void addMnistRotateCommand(CLI::App& app);
// train_command.cpp
void addTrainCommand(CLI::App& app);
// interpolate_command.cpp: Stable Diffusion image interpolation (issue #7).
void addInterpolateCommand(CLI::App& app);
// diagnose_command.cpp: choosing σ (issue #14).
void addDiagnoseCommand(CLI::App& app);
// model_probe_command.cpp: what a Stable Diffusion checkpoint is and computes (issue #24).
void addModelProbeCommand(CLI::App& app);

}  // namespace geodex::cli
