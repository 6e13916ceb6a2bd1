#include "app/cli/cli_commands.h"

#include <iomanip>
#include <iostream>

#include "app/cli/command_interrupt.h"
#include "app/cli/metric_options.h"
#include "app/cli/solver_option.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/metric_registry.h"
#include "core/io/exponential_fan_json.h"
#include "core/io/geodesic_distance_field_json.h"
#include "core/io/result_json.h"
#include "core/io/synthetic_scene_json.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

namespace {

// Options shared by the commands that need a manifold, a score and a metric.
struct SceneArguments {
  std::string manifold = "sphere";
  std::string score;  // empty: analytic where it exists, else empirical; "trained": --model
  std::string model;  // checkpoint written by `geodex-cli train`
  MetricArguments metric;  // quadrature not given: the midpoint rule, `geodesic` the solver's
  std::string device = "auto";
  double sigma = 0.1;
  int samples = 4000;
  std::uint64_t seed = 1;
};

void addSceneOptions(CLI::App* command, SceneArguments& args) {
  command->add_option("--manifold", args.manifold, "circle|moons|spiral|sphere|torus|swissroll|helix")
      ->capture_default_str();
  command->add_option("--score", args.score,
                      "analytic|quadrature|empirical|empirical-torch|trained (default: analytic for "
                      "circle and sphere, else quadrature)");
  command->add_option("--model", args.model, "score model from `geodex-cli train` (--score trained)");
  addNumberOption(command, SyntheticScoreOptions::kSigma, args.sigma);
  std::vector<MetricKind> kinds;
  for (const MetricDescription& d : metricRegistry()) kinds.push_back(d.kind);
  addMetricOptions(command, args.metric, kinds, true, {},
                   {{"quadrature", command->get_name() == "geodesic" ? "3 (1 with --solver adam)" : "1"}});
  addWholeNumberOption(command, "--samples", args.samples,
                       "samples behind an empirical score", 1, kMaxScoreSamples);
  addWholeNumberOption(command, "--seed", args.seed, "seed of the samples", 0, kMaxSeed);
  command->add_option("--device", args.device, "auto|cpu|cuda (empirical-torch)")->capture_default_str();
}

// The scene the options describe (the manifold, score and metric parts of SyntheticSceneOptions).
SyntheticSceneOptions sceneOptions(const SceneArguments& args) {
  SyntheticSceneOptions o;
  o.manifold = SyntheticManifold::kindOf(args.manifold);
  const bool trained = args.score == "trained" || (args.score.empty() && !args.model.empty());
  if (trained && args.model.empty()) throw InvalidArgumentError("--score trained needs --model FILE");
  o.score.source = trained ? ScoreSource::Trained
                   : args.score.empty()
                       ? defaultScoreSource(*SyntheticManifold::create(o.manifold))
                       : parseScoreSource(args.score);
  o.score.modelFile = args.model;
  o.score.sigma = args.sigma;
  o.score.samples = args.samples;
  o.score.seed = args.seed;
  o.score.device = parseDeviceChoice(args.device);
  // Without --quadrature the midpoint rule (point-wise uses: shooting, fans); `geodesic` then
  // takes the solver's.
  o.metric = args.metric.resolved();
  return o;
}

// The options that set the scale of a scene's numbers ("--sigma 0.1, --lambda 1000"), with
// `extra` after them: what a non-finite result names.
std::string scaleOptions(const SyntheticSceneOptions& o, const std::string& extra = "") {
  std::string text;
  const auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (o.score.source != ScoreSource::Trained) add("--sigma " + numberText(o.score.sigma));
  if (o.metric.kind == MetricKind::Score)
    add("--lambda " + numberText(o.metric.lambda));
  if (o.metric.kind == MetricKind::Conformal)
    add("--alpha " + numberText(o.metric.alpha) + ", --epsilon " + numberText(o.metric.epsilon));
  if (!extra.empty()) add(extra);
  return text.empty() ? "(no scale option: the model itself)" : text;
}

// The JSON of a scene command: its result and the scene it ran on.
template <class Result>
void writeSceneJson(const std::string& path, const Result& result, SyntheticScene& scene,
                    const SyntheticSceneOptions& o) {
  nlohmann::json out = toJson(result);
  out.update(sceneJson(scene, o));
  writeJson(path, out);
}

// A command at one point of a scene (shoot, fan, distance-field): builds the scene the scene
// options describe, reads --from in its dimension, runs `work(scene, options, point)` (a
// breakdown names the scale options and `extraScale`) and writes the result's JSON with the
// scene's keys.
template <class Work>
auto runAtPoint(const SceneArguments& sceneArguments, const std::string& from,
                const std::string& json, const std::string& extraScale, Work&& work) {
  const SyntheticSceneOptions o = sceneOptions(sceneArguments);
  SyntheticScene scene(o);
  const Eigen::VectorXd point = parsePoint(from, scene.manifold().ambientDimension(), "--from");
  const auto result = namingOptionsOnBreakdown(scaleOptions(o, extraScale),
                                               [&] { return work(scene, o, point); });
  writeSceneJson(json, result, scene, o);
  return result;
}

// --- geodesic ---

struct GeodesicArguments {
  SceneArguments scene;
  std::string from, to, json;
  std::string solver = defaultSolverName();
  std::string init = "slerp";
  bool slerp = false;
  bool compare = false;
  double extrapolate = 0.0;
  int graphSamples = 800;
  int refinement = SyntheticSceneOptions::kDefaultRefinement;
  GeodesicOptions geodesic = SyntheticSceneOptions{}.geodesic;
};

void addGeodesicOptions(CLI::App* command, GeodesicArguments& args) {
  GeodesicOptions& g = args.geodesic;
  g.points = 64;
  addSceneOptions(command, args.scene);
  command->add_option("--from", args.from, "start point, comma separated (e.g. 1,0,0)")->required();
  command->add_option("--to", args.to, "end point, comma separated")->required();
  addNumberOption(command, GeodesicOptions::kPoints, g.points);
  addSolverOption(command, args.solver);
  command->add_option("--init", args.init, "slerp|lerp|graph initial path (graph: through manifold samples)")
      ->capture_default_str();
  addNumberOption(command, SyntheticSceneOptions::kGraphSamples, args.graphSamples);
  command->add_option("--iterations", g.maxIterations, "Gauss–Newton solver's iteration cap")
      ->check(wholeNumberIn(0, kMaxIterations))
      ->capture_default_str();
  command->add_option("--secant-memory", g.secantMemory,
                      "Gauss–Newton solver: secant pairs correcting its model (L-BFGS on Gauss–Newton; 0: off)")
      ->capture_default_str();
  command->add_flag("--watchdog", g.watchdogSteps,
                    "Gauss–Newton solver: follow a rejected full step by one more step before shortening it");
  command->add_flag_callback("--no-newton", [&g] { g.newtonSteps = false; },
                             "Gauss–Newton solver: no Newton steps (plain Gauss–Newton; by default each iteration tries a damped Newton step)");
  command->add_flag_callback(
      "--no-refine", [&g] { g.refine = false; },
      "Gauss–Newton solver: exactly --points points (by default a path whose length and refined length "
      "differ by > " + numberText(100 * GeodesicOptions{}.refinementTolerance) +
          " % gets a point in every segment and is solved again, up to " +
          std::to_string(GeodesicOptions::kSteadyRefinedPointsFactor) + "× --points, on to " +
          std::to_string(GeodesicOptions::kMaxRefinedPointsFactor) +
          "× while each refinement halves the difference)");
  addWholeNumberOption(command, "--adam-iterations", g.adamIterations, "Adam iterations", 1,
                       kMaxAdamIterations);
  command->add_option("--lr", g.adamLearningRate, "Adam learning rate")->capture_default_str();
  command->add_flag("--slerp", args.slerp, "also SLERP between the ends, measured under the metric");
  command->add_flag("--compare-metrics", args.compare,
                    "also the geodesics of the other metrics (euclidean, score, conformal)");
  addNumberOption(command, SyntheticSceneOptions::kExtrapolation, args.extrapolate);
  command->add_option("--refinement", args.refinement,
                      "pieces per segment of every path's refined length (1: the plain length)")
      ->capture_default_str();
  command->add_option("--json", args.json, "write the result as JSON to this file ('-' for stdout)");
}

// The scene, solver and extras the options describe (the ends come once the scene is built).
SyntheticSceneOptions geodesicSceneOptions(const GeodesicArguments& args) {
  SyntheticSceneOptions o = sceneOptions(args.scene);
  o.geodesic = args.geodesic;
  o.refinement = args.refinement;
  o.geodesic.solver = parseGeodesicSolverKind(args.solver);
  if (!args.scene.metric.wasGiven("quadrature") || o.metric.quadratureNodes == 0)
    o.metric.quadratureNodes = defaultQuadratureNodes(o.geodesic.solver);
  o.geodesic.initialization = parsePathInitialization(args.init);
  o.slerp = args.slerp;
  o.compareMetrics = args.compare;
  o.extrapolation = args.extrapolate;
  o.graphSamples = args.graphSamples;
  return o;
}

void printGeodesic(const SyntheticSceneResult& result, const SyntheticSceneOptions& o) {
  const GeodesicResult& g = result.geodesic;
  std::cout << std::setprecision(8) << g.solver << ": length " << g.length << " (refined "
            << g.refinedLength << "; straight line " << result.straightLength
            << ", refined " << result.straightRefinedLength << "), energy " << g.energy
            << ", " << g.iterations << " iterations, " << g.scoreEvaluations
            << " score evaluations, " << g.path.cols() << " points"
            << (g.refinements > 0 ? " (refined " + std::to_string(g.refinements) + "×)" : "")
            << ", " << (g.converged ? "converged" : "not converged")
            << " (" << g.stopReason << "), " << g.seconds << " s\n";
  for (const ComparisonPath& c : result.comparisons)
    std::cout << "  " << toString(c.metric) << " geodesic: length " << c.lengthUnderMain
              << " under the " << toString(o.metric.kind) << " metric\n";
  if (result.slerpPath.cols() > 0) std::cout << "  SLERP: length " << result.slerpLength << "\n";
  if (result.extrapolation.cols() > 0)
    std::cout << "  extrapolation: length " << result.extrapolationLength << "\n";
}

void runGeodesic(const GeodesicArguments& args) {
  SyntheticSceneOptions o = geodesicSceneOptions(args);
  SyntheticScene scene(o);
  const int d = scene.manifold().ambientDimension();
  o.from = parsePoint(args.from, d, "--from");
  o.to = parsePoint(args.to, d, "--to");
  // Ctrl-C stops the solver at its next iteration; nothing is written.
  const SyntheticSceneResult result = namingOptionsOnBreakdown(
      scaleOptions(o), [&] { return scene.solve(o, CommandInterrupt::control()); });
  writeSceneJson(args.json, result, scene, o);
  if (args.json != "-") printGeodesic(result, o);
}

// --- shoot ---

struct ShootArguments {
  SceneArguments scene;
  std::string from, velocity, json;
  ShootingOptions shooting;
};

void addShootOptions(CLI::App* command, ShootArguments& args) {
  addSceneOptions(command, args.scene);
  command->add_option("--from", args.from, "start point, comma separated")->required();
  command->add_option("--velocity", args.velocity, "initial velocity, comma separated")->required();
  command->add_option("--steps", args.shooting.samples, "output points along the geodesic")->capture_default_str();
  command->add_option("--duration", args.shooting.duration, "integrate t from 0 to this")->capture_default_str();
  command->add_option("--json", args.json, "write the result as JSON to this file ('-' for stdout)");
}

void runShoot(const ShootArguments& args) {
  const ShootingResult result =
      runAtPoint(args.scene, args.from, args.json, "--velocity " + args.velocity.substr(0, 40),
                 [&](SyntheticScene& scene, const SyntheticSceneOptions& o,
                     const Eigen::VectorXd& x0) {
                   const Eigen::VectorXd v0 =
                       parsePoint(args.velocity, int(x0.size()), "--velocity");
                   return shootGeodesic(scene.metric(o.metric), x0, v0, args.shooting,
                                        CommandInterrupt::control());
                 });
  if (args.json != "-") {
    const Eigen::VectorXd end = result.path.col(result.path.cols() - 1);
    std::cout << std::setprecision(8) << "shoot: length " << result.length << ", end ("
              << end.transpose() << "), " << result.steps << " steps, speed drift "
              << result.speedDrift << ", " << result.seconds << " s\n";
  }
  if (!result.converged) throw NumericalError("shooting stopped early: " + result.stopReason);
}

// --- fan ---

struct FanArguments {
  SceneArguments scene;
  std::string from, json;
  ExponentialFanOptions fan;
};

void addFanOptions(CLI::App* command, FanArguments& args) {
  addSceneOptions(command, args.scene);
  command->add_option("--from", args.from, "the fan's origin, comma separated")->required();
  addNumberOption(command, ExponentialFanOptions::kRays, args.fan.rays);
  addNumberOption(command, ExponentialFanOptions::kLength, args.fan.length);
  addNumberOption(command, ExponentialFanOptions::kWavefronts, args.fan.wavefronts);
  addNumberOption(command, ExponentialFanOptions::kSamples, args.fan.samples);
  command->add_option("--json", args.json, "write the result as JSON to this file ('-' for stdout)");
}

void runFan(const FanArguments& args) {
  const double length = args.fan.length;
  const ExponentialFanResult result = runAtPoint(
      args.scene, args.from, args.json, "--length " + numberText(length),
      [&](SyntheticScene& scene, const SyntheticSceneOptions& o, const Eigen::VectorXd& origin) {
        return scene.fan(o.metric, origin, args.fan, CommandInterrupt::control());
      });
  if (args.json != "-") {
    int complete = 0;
    for (double reached : result.reachedLength) complete += reached >= length * (1 - 1e-12) ? 1 : 0;
    std::cout << std::setprecision(6) << "fan: " << result.rays.size() << " rays of length "
              << length << " (" << complete << " complete), " << result.wavefronts.size()
              << " wavefronts, " << result.steps << " steps, speed drift " << result.maxSpeedDrift
              << ", " << result.seconds << " s\n";
  }
}

// --- distance-field ---

struct DistanceFieldArguments {
  SceneArguments scene;
  std::string from, json;
  GeodesicDistanceFieldOptions field;
};

void addDistanceFieldOptions(CLI::App* command, DistanceFieldArguments& args) {
  addSceneOptions(command, args.scene);
  command->add_option("--from", args.from, "the source point, comma separated")->required();
  addNumberOption(command, GeodesicDistanceFieldOptions::kResolution, args.field.resolution);
  command->add_option("--stencil", args.field.stencil, "neighbours per node: 4, 8 or 16")
      ->capture_default_str();
  addNumberOption(command, GeodesicDistanceFieldOptions::kEdgePieces, args.field.edgePieces);
  command->add_option("--json", args.json, "write the result as JSON to this file ('-' for stdout)");
}

void runDistanceField(const DistanceFieldArguments& args) {
  const GeodesicDistanceFieldResult result = runAtPoint(
      args.scene, args.from, args.json, "",
      [&](SyntheticScene& scene, const SyntheticSceneOptions& o, const Eigen::VectorXd& source) {
        return scene.distanceField(o.metric, source, args.field, CommandInterrupt::control());
      });
  if (args.json != "-")
    std::cout << std::setprecision(6) << "distance field: " << result.grid.rows << " × "
              << result.grid.cols << " grid + " << result.grid.curve.cols() << " curve nodes, "
              << result.edgeCount << " edges, largest distance " << result.maxDistance << ", "
              << result.scoreEvaluations << " score evaluations, " << result.seconds << " s\n";
}

}  // namespace

void rethrowNamingOptions(const NumericalError& error, const std::string& options) {
  throw NumericalError(std::string(error.what()) + "; likely too extreme for this model: " + options,
                       error.details());
}

void addGeodesicCommand(CLI::App& app) {
  addCommand(app, "geodesic", "geodesic between two points (boundary value problem)",
             addGeodesicOptions, runGeodesic);
}

void addShootCommand(CLI::App& app) {
  addCommand(app, "shoot", "geodesic from a point and a velocity (exponential map)",
             addShootOptions, runShoot);
}

void addFanCommand(CLI::App& app) {
  addCommand(app, "fan",
             "exponential-map fan: K geodesics of one metric length from a point, and the "
             "geodesic circles",
             addFanOptions, runFan);
}

void addDistanceFieldCommand(CLI::App& app) {
  addCommand(app, "distance-field",
             "geodesic distance from a point to every node of a grid (plane box for "
             "2D manifolds, parameter grid for surfaces)",
             addDistanceFieldOptions, runDistanceField);
}

void addManifoldsCommand(CLI::App& app) {
  auto* command = app.add_subcommand("manifolds", "list the synthetic manifolds");
  command->callback([] {
    for (const auto& name : SyntheticManifold::names()) {
      const auto manifold = SyntheticManifold::create(name);
      std::cout << name << "\tR^" << manifold->ambientDimension() << "\t"
                << (manifold->intrinsicDimension() == 1 ? "curve" : "surface") << "\tscore: "
                << toString(defaultScoreSource(*manifold)) << "\n";
    }
  });
}

}  // namespace geodex::cli
