#include "app/cli/cli_commands.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/cli/command_interrupt.h"
#include "app/cli/metric_options.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/metric_registry.h"
#include "core/io/exponential_fan_json.h"
#include "core/io/geodesic_distance_field_json.h"
#include "core/io/result_json.h"
#include "core/io/synthetic_scene_json.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/util/atomic_file.h"
#include "core/util/comma_list.h"
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
  command->add_option("--sigma", args.sigma, "noise level σ of the smoothed data")->capture_default_str();
  std::vector<MetricKind> kinds;
  for (const MetricDescription& d : metricRegistry()) kinds.push_back(d.kind);
  addMetricOptions(command, args.metric, kinds, true, {},
                   {{"quadrature", command->get_name() == "geodesic" ? "3 (1 with --solver adam)" : "1"}});
  command->add_option("--samples", args.samples, "samples behind an empirical score")
      ->check(wholeNumberIn(1, kMaxScoreSamples))
      ->capture_default_str();
  command->add_option("--seed", args.seed, "seed of the samples")
      ->check(wholeNumberIn(0, kMaxSeed))
      ->capture_default_str();
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

}  // namespace

void rethrowNamingOptions(const NumericalError& error, const std::string& options) {
  throw NumericalError(std::string(error.what()) + "; likely too extreme for this model: " + options,
                       error.details());
}

void addGeodesicCommand(CLI::App& app) {
  auto* command = app.add_subcommand("geodesic", "geodesic between two points (boundary value problem)");
  auto args = std::make_shared<SceneArguments>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  auto solver = std::make_shared<std::string>("fast");
  auto init = std::make_shared<std::string>("slerp");
  auto slerp = std::make_shared<bool>(false);
  auto compare = std::make_shared<bool>(false);
  auto extrapolate = std::make_shared<double>(0.0);
  auto graphSamples = std::make_shared<int>(800);
  auto refinement = std::make_shared<int>(SyntheticSceneOptions::kDefaultRefinement);
  auto options = std::make_shared<GeodesicOptions>(SyntheticSceneOptions{}.geodesic);
  options->points = 64;
  addSceneOptions(command, *args);
  command->add_option("--from", *from, "start point, comma separated (e.g. 1,0,0)")->required();
  command->add_option("--to", *to, "end point, comma separated")->required();
  command->add_option("--points", options->points, "path points including both ends")->capture_default_str();
  command->add_option("--solver", *solver, "fast (Gauss–Newton) | adam (the paper's)")->capture_default_str();
  command->add_option("--init", *init, "slerp|lerp|graph initial path (graph: through manifold samples)")
      ->capture_default_str();
  command->add_option("--graph-samples", *graphSamples, "manifold samples behind --init graph")
      ->check(wholeNumberIn(2, kMaxGraphSamples))
      ->capture_default_str();
  command->add_option("--iterations", options->maxIterations, "fast solver's iteration cap")
      ->check(wholeNumberIn(0, kMaxIterations))
      ->capture_default_str();
  command->add_option("--secant-memory", options->secantMemory,
                      "fast solver: secant pairs correcting its model (L-BFGS on Gauss–Newton; 0: off)")
      ->capture_default_str();
  command->add_flag("--watchdog", options->watchdogSteps,
                    "fast solver: follow a rejected full step by one more step before shortening it");
  command->add_flag_callback("--no-newton", [options] { options->newtonSteps = false; },
                             "fast solver: no Newton steps in its slow tail (plain Gauss–Newton)");
  command->add_flag_callback(
      "--no-refine", [options] { options->refine = false; },
      "fast solver: exactly --points points (by default a path whose length and refined length "
      "differ by > " + numberText(100 * GeodesicOptions{}.refinementTolerance) +
          " % gets a point in every segment and is solved again, up to " +
          std::to_string(GeodesicOptions::kMaxRefinedPointsFactor) + "× --points)");
  command->add_option("--adam-iterations", options->adamIterations, "Adam iterations")
      ->check(wholeNumberIn(0, kMaxAdamIterations))
      ->capture_default_str();
  command->add_option("--lr", options->adamLearningRate, "Adam learning rate")->capture_default_str();
  command->add_flag("--slerp", *slerp, "also SLERP between the ends, measured under the metric");
  command->add_flag("--compare-metrics", *compare,
                    "also the geodesics of the other metrics (euclidean, score, conformal)");
  command->add_option("--extrapolate", *extrapolate,
                      "shoot the geodesic on past --to for this fraction of it (0: off)")
      ->capture_default_str();
  command->add_option("--refinement", *refinement,
                      "pieces per segment of every path's refined length (1: the plain length)")
      ->capture_default_str();
  command->add_option("--json", *json, "write the result as JSON to this file ('-' for stdout)");
  command->callback([=] {
    SyntheticSceneOptions o = sceneOptions(*args);
    o.geodesic = *options;
    o.refinement = *refinement;
    o.geodesic.solver = parseGeodesicSolverKind(*solver);
    if (!args->metric.wasGiven("quadrature") || o.metric.quadratureNodes == 0)
      o.metric.quadratureNodes = defaultQuadratureNodes(o.geodesic.solver);
    o.geodesic.initialization = parsePathInitialization(*init);
    o.slerp = *slerp;
    o.compareMetrics = *compare;
    o.extrapolation = *extrapolate;
    o.graphSamples = *graphSamples;
    // Past 100 lengths the shot leaves any manifold's neighbourhood (1e308 reached the score as
    // a non-finite point, naming no option).
    if (!(o.extrapolation >= 0.0 && o.extrapolation <= kMaxExtrapolation))
      throw InvalidArgumentError("--extrapolate must be 0 (off) or a fraction up to " +
                                 numberText(kMaxExtrapolation) + ", got " +
                                 numberText(o.extrapolation));
    SyntheticScene scene(o);
    const int d = scene.manifold().ambientDimension();
    o.from = parsePoint(*from, d, "--from");
    o.to = parsePoint(*to, d, "--to");
    // Ctrl-C stops the solver at its next iteration; nothing is written.
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const SyntheticSceneResult result =
        namingOptionsOnBreakdown(scaleOptions(o), [&] { return scene.solve(o, control); });
    if (result.cancelled) throw CancelledError("geodesic interrupted; nothing written");
    nlohmann::json out = toJson(result);
    out.update(sceneJson(scene, o));
    writeJson(*json, out);
    if (*json != "-") {
      const GeodesicResult& g = result.geodesic;
      std::cout << std::setprecision(8) << g.solver << ": length " << g.length << " (refined "
                << result.geodesic.refinedLength << "; straight line " << result.straightLength
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
  });
}

void addShootCommand(CLI::App& app) {
  auto* command = app.add_subcommand("shoot", "geodesic from a point and a velocity (exponential map)");
  auto args = std::make_shared<SceneArguments>();
  auto from = std::make_shared<std::string>();
  auto velocity = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  auto options = std::make_shared<ShootingOptions>();
  addSceneOptions(command, *args);
  command->add_option("--from", *from, "start point, comma separated")->required();
  command->add_option("--velocity", *velocity, "initial velocity, comma separated")->required();
  command->add_option("--steps", options->samples, "output points along the geodesic")->capture_default_str();
  command->add_option("--duration", options->duration, "integrate t from 0 to this")->capture_default_str();
  command->add_option("--json", *json, "write the result as JSON to this file ('-' for stdout)");
  command->callback([=] {
    const SyntheticSceneOptions o = sceneOptions(*args);
    SyntheticScene scene(o);
    const int d = scene.manifold().ambientDimension();
    const Eigen::VectorXd x0 = parsePoint(*from, d, "--from");
    const Eigen::VectorXd v0 = parsePoint(*velocity, d, "--velocity");
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const ShootingResult result = namingOptionsOnBreakdown(
        scaleOptions(o, "--velocity " + velocity->substr(0, 40)),
        [&] { return shootGeodesic(scene.metric(o.metric), x0, v0, *options, control); });
    if (result.cancelled) throw CancelledError("shooting interrupted; nothing written");
    nlohmann::json out = toJson(result);
    out.update(sceneJson(scene, o));
    writeJson(*json, out);
    if (*json != "-") {
      const Eigen::VectorXd end = result.path.col(result.path.cols() - 1);
      std::cout << std::setprecision(8) << "shoot: length " << result.length << ", end ("
                << end.transpose() << "), " << result.steps << " steps, speed drift "
                << result.speedDrift << ", " << result.seconds << " s\n";
    }
    if (!result.converged) throw NumericalError("shooting stopped early: " + result.stopReason);
  });
}

void addFanCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "fan",
      "exponential-map fan: K geodesics of one metric length from a point, and the "
      "geodesic circles");
  auto args = std::make_shared<SceneArguments>();
  auto from = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  auto options = std::make_shared<ExponentialFanOptions>();
  addSceneOptions(command, *args);
  command->add_option("--from", *from, "the fan's origin, comma separated")->required();
  command->add_option("--rays", options->rays, "K, evenly spaced tangent directions")
      ->capture_default_str();
  command->add_option("--length", options->length, "metric length of every ray")
      ->capture_default_str();
  command->add_option("--wavefronts", options->wavefronts, "geodesic circles at length·j/n")
      ->capture_default_str();
  command->add_option("--steps", options->samples, "points per ray")->capture_default_str();
  command->add_option("--json", *json, "write the result as JSON to this file ('-' for stdout)");
  command->callback([=] {
    const SyntheticSceneOptions o = sceneOptions(*args);
    SyntheticScene scene(o);
    const Eigen::VectorXd origin = parsePoint(*from, scene.manifold().ambientDimension(), "--from");
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const ExponentialFanResult result =
        namingOptionsOnBreakdown(scaleOptions(o, "--length " + numberText(options->length)),
                                 [&] { return scene.fan(o.metric, origin, *options, control); });
    if (result.cancelled) throw CancelledError("fan interrupted; nothing written");
    nlohmann::json out = toJson(result);
    out.update(sceneJson(scene, o));
    writeJson(*json, out);
    if (*json != "-") {
      int complete = 0;
      for (double reached : result.reachedLength)
        complete += reached >= options->length * (1 - 1e-12) ? 1 : 0;
      std::cout << std::setprecision(6) << "fan: " << result.rays.size() << " rays of length "
                << options->length << " (" << complete << " complete), " << result.wavefronts.size()
                << " wavefronts, " << result.steps << " steps, speed drift " << result.maxSpeedDrift
                << ", " << result.seconds << " s\n";
    }
  });
}

void addDistanceFieldCommand(CLI::App& app) {
  auto* command =
      app.add_subcommand("distance-field",
                         "geodesic distance from a point to every node of a grid (plane box for "
                         "2D manifolds, parameter grid for surfaces)");
  auto args = std::make_shared<SceneArguments>();
  auto from = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  auto options = std::make_shared<GeodesicDistanceFieldOptions>();
  addSceneOptions(command, *args);
  command->add_option("--from", *from, "the source point, comma separated")->required();
  command
      ->add_option("--resolution", options->resolution,
                   "grid nodes along the longer side (8 to 401)")
      ->capture_default_str();
  command->add_option("--stencil", options->stencil, "neighbours per node: 4, 8 or 16")
      ->capture_default_str();
  command->add_option("--edge-pieces", options->edgePieces, "midpoint pieces per edge (1 to 16)")
      ->capture_default_str();
  command->add_option("--json", *json, "write the result as JSON to this file ('-' for stdout)");
  command->callback([=] {
    const SyntheticSceneOptions o = sceneOptions(*args);
    SyntheticScene scene(o);
    const Eigen::VectorXd source = parsePoint(*from, scene.manifold().ambientDimension(), "--from");
    SolverControl control;
    control.cancel = CommandInterrupt::flag();
    const GeodesicDistanceFieldResult result = namingOptionsOnBreakdown(
        scaleOptions(o), [&] { return scene.distanceField(o.metric, source, *options, control); });
    if (result.cancelled) throw CancelledError("distance field interrupted; nothing written");
    nlohmann::json out = toJson(result);
    out.update(sceneJson(scene, o));
    writeJson(*json, out);
    if (*json != "-")
      std::cout << std::setprecision(6) << "distance field: " << result.grid.rows << " × "
                << result.grid.cols << " grid + " << result.grid.curve.cols() << " curve nodes, "
                << result.edgeCount << " edges, largest distance " << result.maxDistance << ", "
                << result.scoreEvaluations << " score evaluations, " << result.seconds << " s\n";
  });
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

std::vector<double> parseNumberList(const std::string& text, const std::string& what) {
  std::vector<double> values;
  // Every field, the empty ones too: "1,0,0," has an empty fourth field, refused by name.
  for (const std::string& item : splitCommaList(text)) {
    std::size_t used = 0;
    double value = 0.0;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    while (used < item.size() && std::isspace(static_cast<unsigned char>(item[used]))) ++used;
    if (item.empty() || used != item.size() || !std::isfinite(value))
      throw InvalidArgumentError(what + ": '" + item.substr(0, 40) +
                                 "' is not a finite number in '" + text.substr(0, 80) + "'");
    values.push_back(value);
  }
  return values;
}

Eigen::VectorXd parsePoint(const std::string& text, int dimension, const std::string& what) {
  std::vector<double> values = parseNumberList(text, what);
  for (const double value : values)
    if (std::abs(value) > kMaxCoordinate)
      throw InvalidArgumentError(what + ": coordinates must lie in [-" +
                                 numberText(kMaxCoordinate) + ", " + numberText(kMaxCoordinate) +
                                 "], got " + numberText(value));
  if (static_cast<int>(values.size()) != dimension)
    throw InvalidArgumentError(what + " has " + std::to_string(values.size()) +
                               " coordinates, the manifold lives in R^" + std::to_string(dimension));
  return Eigen::Map<Eigen::VectorXd>(values.data(), dimension);
}

CLI::Validator wholeNumberIn(long long min, unsigned long long max) {
  const std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const std::string refused =
            "must be a whole number in " + range + ", got '" + text.substr(0, 40) + "'";
        std::size_t i = 0;
        const bool negative = !text.empty() && text[0] == '-';
        if (negative || (!text.empty() && text[0] == '+')) ++i;
        if (i == text.size()) return refused;
        for (std::size_t j = i; j < text.size(); ++j)
          if (!std::isdigit(static_cast<unsigned char>(text[j]))) return refused;
        errno = 0;
        if (negative) {
          const long long value = std::strtoll(text.c_str(), nullptr, 10);
          return errno == ERANGE || value < min ? refused : "";
        }
        const unsigned long long value = std::strtoull(text.c_str() + i, nullptr, 10);
        if (errno == ERANGE || value > max) return refused;
        return min > 0 && value < static_cast<unsigned long long>(min) ? refused : "";
      },
      "whole number in " + range);
}

void checkOutputs(const std::vector<OutputOption>& outputs) {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::path, const OutputOption*>> seen;
  for (const OutputOption& output : outputs) {
    if (output.path.empty() || output.path == "-") continue;
    std::error_code ec;
    fs::path target = resolveWriteTarget(output.path, output.folder);
    const fs::path canonical = fs::weakly_canonical(target, ec);
    if (!ec) target = canonical;
    for (const auto& [other, option] : seen)
      if (other == target)
        throw InvalidArgumentError(output.option + " '" + output.path + "' and " + option->option +
                                   " '" + option->path +
                                   "' are the same file: give each output its own name");
    seen.emplace_back(target, &output);
  }
}

void writeStandardOutput(const std::string& text) {
  if (CommandInterrupt::flag()->load()) throw CancelledError("interrupted; nothing written");
  errno = 0;
  std::cout << text << std::flush;
  if (!std::cout || std::fflush(stdout) != 0)
    throw WriteError(std::string("cannot write to standard output: ") +
                     std::strerror(errno ? errno : EIO));
}

void writeJson(const std::string& path, const nlohmann::json& json) {
  if (path.empty()) return;
  if (path == "-") return writeStandardOutput(json.dump(2) + "\n");
  writeFileAtomically(path, json.dump(2) + "\n");
}

}  // namespace geodex::cli
