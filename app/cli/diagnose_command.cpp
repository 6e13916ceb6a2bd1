// geodex-cli diagnose: how the score and its metric's geodesics change with σ (issue #14).
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/cli_commands.h"
#include "app/cli/scoped_interrupt.h"
#include "core/io/noise_level_diagnosis_json.h"
#include "core/pipelines/noise_level_diagnosis.h"
#include "core/util/errors.h"

namespace geodex::cli {

void addDiagnoseCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "diagnose", "choosing σ: score–normal angle, tangential fraction, anisotropy and the "
                  "geodesic's distance and length error against σ (circle, sphere, torus)");
  auto manifold = std::make_shared<std::string>("sphere");
  auto sigmas = std::make_shared<std::string>("0.02,0.05,0.1,0.2,0.5");
  auto score = std::make_shared<std::string>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  auto init = std::make_shared<std::string>("lerp");
  auto options = std::make_shared<NoiseLevelDiagnosisOptions>();
  command->add_option("--manifold", *manifold, "circle|sphere|torus")->capture_default_str();
  command->add_option("--sigmas", *sigmas, "noise levels, comma separated")->capture_default_str();
  command->add_option("--score", *score,
                      "analytic|quadrature|empirical (default: analytic for circle and sphere, "
                      "quadrature for the torus)");
  command->add_option("--samples", options->samples, "noisy points per σ")->capture_default_str();
  command->add_option("--empirical-samples", options->empiricalSamples,
                      "manifold samples behind --score empirical")->capture_default_str();
  command->add_option("--lambda", options->lambda, "λ of the score metric I + λ s sᵀ")->capture_default_str();
  command->add_option("--points", options->pathPoints, "points of the test geodesic")->capture_default_str();
  command->add_option("--init", *init, "lerp|slerp start of the test geodesic")->capture_default_str();
  command->add_option("--from", *from, "test pair start (projected onto the manifold)");
  command->add_option("--to", *to, "test pair end (projected onto the manifold)");
  command->add_option("--seed", options->seed, "seed of the noisy points")->capture_default_str();
  command->add_option("--json", *json, "write the result as JSON to this file ('-' for stdout)");
  command->callback([=] {
    NoiseLevelDiagnosisOptions o = *options;
    o.manifold = SyntheticManifold::kindOf(*manifold);
    o.sigmas = parseNumberList(*sigmas, "--sigmas");
    o.initialization = parsePathInitialization(*init);
    if (!score->empty()) o.score = parseScoreSource(*score);
    const int d = SyntheticManifold::create(o.manifold)->ambientDimension();
    if (!from->empty()) o.from = parsePoint(*from, d, "--from");
    if (!to->empty()) o.to = parsePoint(*to, d, "--to");
    SolverControl control;
    const ScopedInterrupt interrupt;
    control.cancel = interrupt.flag();
    const NoiseLevelDiagnosis result = diagnoseNoiseLevels(o, control);
    if (result.cancelled) throw GeodexError("diagnosis interrupted; nothing written");
    writeJson(*json, toJson(result));
    if (*json == "-") return;
    std::printf("%s, %s score, λ %g; reference length %.6f (%s)\n", result.manifold.c_str(),
                result.score.c_str(), result.lambda, result.referenceLength,
                result.referenceMethod.c_str());
    std::printf("%8s %10s %10s %12s %12s %12s %12s\n", "sigma", "angle(°)", "tangential",
                "anisotropy", "max dist", "mean dist", "length err");
    for (const NoiseLevelRow& r : result.rows)
      std::printf("%8g %10.3f %10.4f %12.4g %12.4g %12.4g %+11.3f%%%s\n", r.sigma,
                  r.meanNormalAngleDegrees, r.tangentialFraction, r.meanAnisotropy, r.maxDistance,
                  r.meanDistance, 100.0 * r.lengthError, r.converged ? "" : " (not converged)");
    std::printf("%.2f s\n", result.seconds);
  });
}

}  // namespace geodex::cli
