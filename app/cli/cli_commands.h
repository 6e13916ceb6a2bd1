#pragma once
// The subcommands of geodex-cli. Each registers its options on a CLI11 app and runs when
// selected; errors are thrown as GeodexError and reported by main() in one line.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "app/cli/command_output.h"
#include "app/cli/number_options.h"
#include "core/util/errors.h"

namespace geodex::cli {

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

// Registers the subcommand `name`: `addOptions` binds its options to one Arguments, which the
// callback hands to `run` when the command is chosen. Returns the subcommand.
template <class Arguments>
CLI::App* addCommand(CLI::App& app, const std::string& name, const std::string& description,
                     void (*addOptions)(CLI::App*, Arguments&), void (*run)(const Arguments&)) {
  CLI::App* command = app.add_subcommand(name, description);
  const auto args = std::make_shared<Arguments>();
  addOptions(command, *args);
  command->callback([args, run] { run(*args); });
  return command;
}

void addGeodesicCommand(CLI::App& app);
void addShootCommand(CLI::App& app);
// The exponential-map fan and the geodesic distance field.
void addFanCommand(CLI::App& app);
void addDistanceFieldCommand(CLI::App& app);
void addManifoldsCommand(CLI::App& app);
// Rotated MNIST (app/cli/mnist_command.cpp).
void addMnistGeodesicCommand(CLI::App& app);
void addMnistEvalCommand(CLI::App& app);
void addMnistRotateCommand(CLI::App& app);
// train_command.cpp
void addTrainCommand(CLI::App& app);
// interpolate_command.cpp: Stable Diffusion image interpolation.
void addInterpolateCommand(CLI::App& app);
// diagnose_command.cpp: choosing σ.
void addDiagnoseCommand(CLI::App& app);
// model_probe_command.cpp: what a Stable Diffusion checkpoint is and computes.
void addModelProbeCommand(CLI::App& app);

}  // namespace geodex::cli
