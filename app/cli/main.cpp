// geodex-cli: the geodex engine from the command line. Every error is one line on stderr, and
// one exit-code rule holds for every command (docs/hostile-input.md): 0 done; 2 the input is
// unusable (options, and the contents of the files we read); 1 the run failed (an output could
// not be written, a fatal non-convergence, out of memory); 128 + the signal when interrupted
// (130 SIGINT, 143 SIGTERM).
#include <cerrno>
#include <cstring>
#include <iostream>
#include <new>
#include <string>

#include "app/cli/cli_commands.h"
#include "app/cli/command_interrupt.h"
#include "core/util/errors.h"
#include "core/util/omp_wait_policy.h"

namespace {

// The subcommand named on the line ("" when none is), for the interrupt message.
std::string subcommandOf(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
      if (command->get_name() == argv[i]) return argv[i];
  return "";
}

// The first word on the line that is not an option, when it names no command: CLI11 says only
// "A subcommand is required" for `geodex-cli frobnicate`.
void refuseUnknownCommand(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') continue;
    std::string names;
    for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
      if (command->get_name() == word) return;
      names += (names.empty() ? "" : ", ") + command->get_name();
    }
    throw geodex::InvalidArgumentError("unknown command '" + word.substr(0, 40) +
                                       "'; the commands are " + names);
  }
}

// The rule, by cause: what the user gave is unusable → 2; the run failed → 1. Core throws by
// cause too: a non-finite number a model or solver produces during a run is a NumericalError,
// never a ModelError (which is a model file's content), so the type is enough here.
int exitCodeOf(const geodex::GeodexError& e) {
  if (dynamic_cast<const geodex::WriteError*>(&e)) return 1;  // an output, during the run
  if (dynamic_cast<const geodex::InvalidArgumentError*>(&e) ||
      dynamic_cast<const geodex::IoError*>(&e) ||   // a file we read: missing or bad content
      dynamic_cast<const geodex::ModelError*>(&e))  // a model file's content or contract
    return 2;
  return 1;  // NumericalError (non-finite results), ResourceError (memory)
}

// Whatever was printed reached standard output (a full disk or a closed stdout: exit 1).
int flushStandardOutput(int code) {
  errno = 0;
  std::cout.flush();
  if (std::cout && std::fflush(stdout) == 0) return code;
  std::cerr << "geodex-cli: error: cannot write to standard output: "
            << std::strerror(errno ? errno : EIO) << "\n";
  return code == 0 ? 1 : code;
}

// What --help says before the commands: the metric and the examples.
const char* const kDescription =
    "geodex-cli: geodesics under the score-based Riemannian metric g = I + λ s sᵀ of a\n"
    "diffusion model's score, on synthetic manifolds, Rotated MNIST and Stable Diffusion "
    "images.\n"
    "Examples:\n"
    "  geodex-cli geodesic --manifold sphere --sigma 0.1 --lambda 1000 --from 1,0,0 --to 0,0,1 "
    "--points 64 --json out.json\n"
    "  geodex-cli shoot --manifold sphere --from 1,0,0 --velocity 0,0,1.5708 --steps 200 "
    "--json out.json\n"
    "  geodex-cli fan --manifold sphere --from 1,0,0 --rays 24 --length 1.5708 --json fan.json\n"
    "  geodex-cli distance-field --manifold moons --from 0.4,0.6 --resolution 121 --json "
    "field.json\n"
    "  geodex-cli mnist-geodesic --digit-index 7 --from-angle 0 --to-angle 90 --points 12 "
    "--json out.json --strip out.png\n"
    "  geodex-cli train --data sphere --steps 3000 --out sphere.pt\n"
    "  geodex-cli geodesic --manifold sphere --score trained --model sphere.pt --from 1,0,0 --to "
    "0,0,1\n"
    "  geodex-cli interpolate --model v1-5-pruned-emaonly.safetensors --a a.png --b b.png "
    "--method all --json out.json --strip out.png --gif all-methods.gif\n"
    "  geodex-cli model-probe --model v1-5-pruned-emaonly.safetensors --out probe --json -\n"
    "  geodex-cli diagnose --manifold sphere --sigmas 0.02,0.05,0.1,0.2 --json sigma.json\n"
    "  geodex-cli interpolate --model sd21-diffusers-folder --pairs pairs.txt --inception "
    "inception_pool.pt --json fid.json";

// Every command, in the order --help lists them.
void addCommands(CLI::App& app) {
  using namespace geodex::cli;
  using AddCommand = void (*)(CLI::App&);
  for (const AddCommand add :
       {addGeodesicCommand, addShootCommand, addFanCommand, addDistanceFieldCommand,
        addManifoldsCommand, addMnistGeodesicCommand, addMnistEvalCommand, addMnistRotateCommand,
        addTrainCommand, addInterpolateCommand, addDiagnoseCommand, addModelProbeCommand})
    add(app);
}

// An error's one line on stderr, `details` (the library's text with --verbose) after it, and
// `code`. After a signal, whatever the work threw is the interruption's doing: its line and
// 128 + the signal instead.
int failure(const std::string& message, int code, const std::string& details = "") {
  using geodex::cli::CommandInterrupt;
  if (CommandInterrupt::signalNumber() != 0) CommandInterrupt::exitInterrupted();
  std::cerr << "geodex-cli: error: " << message << "\n";
  if (!details.empty()) std::cerr << details << "\n";
  return code;
}

// Parses the line and runs the command it names: the exit code.
int parseAndRun(CLI::App& app, int argc, char** argv, const bool& verbose) {
  try {
    refuseUnknownCommand(app, argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all
    return flushStandardOutput(app.exit(e));
  } catch (const CLI::ParseError& e) {
    return failure(std::string(e.what()) + " (see --help)", 2);
  } catch (const geodex::CancelledError&) {
    geodex::cli::CommandInterrupt::exitInterrupted();
  } catch (const geodex::GeodexError& e) {
    return failure(e.what(), exitCodeOf(e), verbose ? e.details() : "");
  } catch (const std::bad_alloc&) {
    return failure("out of memory (the run needs more memory than this machine gave it)", 1);
  } catch (const std::exception& e) {
    return failure(e.what(), 1);
  }
  // A signal after the last check: the outputs are complete, and the user hears of both.
  if (geodex::cli::CommandInterrupt::signalNumber() != 0)
    geodex::cli::CommandInterrupt::exitInterrupted(true);
  return flushStandardOutput(0);
}

}  // namespace

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  CLI::App app{kDescription, "geodex-cli"};
  app.require_subcommand(1);
  // Anywhere on the line (also after the subcommand): the full library text behind an error.
  bool verbose = false;
  app.add_flag("--verbose", verbose,
               "after an error, also print the full text of the library behind it (LibTorch, "
               "OpenCV, libpng)");
  app.fallthrough();
  addCommands(app);
  // Before any work: Ctrl-C and SIGTERM stop every phase of every command the same way.
  geodex::cli::CommandInterrupt::install(subcommandOf(app, argc, argv));
  return parseAndRun(app, argc, argv, verbose);
}
