// geodex-cli: the geodex engine from the command line. Exit 0 on success, 1 on a runtime error,
// 2 on a usage error; every error is one line on stderr.
#include <iostream>

#include "app/cli/cli_commands.h"
#include "core/util/errors.h"

int main(int argc, char** argv) {
  CLI::App app{
      "geodex-cli: geodesics under the score-based Riemannian metric g = I + λ s sᵀ of a\n"
      "diffusion model's score, on synthetic manifolds, Rotated MNIST and Stable Diffusion "
      "images.\n"
      "Examples:\n"
      "  geodex-cli geodesic --manifold sphere --sigma 0.1 --lambda 1000 --from 1,0,0 --to 0,0,1 "
      "--points 64 --solver fast --json out.json\n"
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
      "inception_pool.pt --json fid.json",
      "geodex-cli"};
  app.require_subcommand(1);
  // Anywhere on the line (also after the subcommand): the full library text behind an error.
  bool verbose = false;
  app.add_flag("--verbose", verbose,
               "after an error, also print the full text of the library behind it (LibTorch, "
               "OpenCV, libpng)");
  app.fallthrough();
  geodex::cli::addGeodesicCommand(app);
  geodex::cli::addShootCommand(app);
  geodex::cli::addFanCommand(app);
  geodex::cli::addDistanceFieldCommand(app);
  geodex::cli::addManifoldsCommand(app);
  geodex::cli::addMnistGeodesicCommand(app);
  geodex::cli::addMnistEvalCommand(app);
  geodex::cli::addMnistRotateCommand(app);
  geodex::cli::addTrainCommand(app);
  geodex::cli::addInterpolateCommand(app);
  geodex::cli::addDiagnoseCommand(app);
  geodex::cli::addModelProbeCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "geodex-cli: error: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const geodex::GeodexError& e) {
    std::cerr << "geodex-cli: error: " << e.what() << "\n";
    if (verbose && !e.details().empty()) std::cerr << e.details() << "\n";
    return dynamic_cast<const geodex::InvalidArgumentError*>(&e) ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "geodex-cli: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
