// Prints the comparison of the solvers: score evaluations and wall time to converge,
// Adam (the paper's optimiser) against geodex's Gauss–Newton solver, on the sphere (analytic
// score) and the torus (quadrature score) at 16/64/256 points; and the time per iteration in
// d = 784 with the empirical score over 10 000 samples; and the SLERP start against the
// data-graph start on the swiss roll and the torus.
//   build/bin/bench_geodesic_solvers            (full table)
//   build/bin/bench_geodesic_solvers --quick    (16 and 64 points only)
//   build/bin/bench_geodesic_solvers --pairs 20 [variants] [starts] [manifolds]
//       seeded random pairs per manifold, as geodex-cli geodesic runs them (64 points): median
//       and worst iterations, score evaluations (the graph's included) and seconds, the share
//       converged and the share whose length is within 1 % of its refined length (8 pieces per
//       segment). variants: comma list of adam (the paper's: SLERP start, midpoint rule, Adam),
//       previous (Gauss–Newton before refinement and Gauss–Legendre nodes: midpoint rule,
//       Newton in the tail only, no gradient criterion, no refinement), new (3 nodes, gradient criterion 1e-8, no
//       refinement), new-every (new with a damped Newton step on every iteration:
//       GeodesicOptions::newtonEveryStep), default (geodex-cli geodesic's defaults: 3 nodes,
//       refinement, GeodesicOptions::refine, and a damped Newton step on every iteration), unrefined (default with --no-refine); a suffix
//       -q<k> sets the energy's nodes per segment (new-q1, previous-q3), -c2f solves coarse to
//       fine (GeodesicOptions::coarseToFine), -every takes a damped Newton step on every
//       iteration (new-every; the default does), -tail only in the slow tail (default-tail);
//       starts: slerp,lerp,graph.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/score_metric.h"
#include "core/pipelines/synthetic_scene.h"
#include "core/score/empirical_score.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/omp_wait_policy.h"

using namespace geodex;

namespace {

// Score evaluations Adam needed before its energy first came within 1e-3 of `target`, or -1.
long long adamEvaluationsToReach(const GeodesicResult& adam, double target, int points) {
  for (std::size_t i = 0; i < adam.energyHistory.size(); ++i)
    if (adam.energyHistory[i] <= target * (1 + 1e-3)) return static_cast<long long>(i + 1) * (points - 1);
  return -1;
}

void compare(const char* label, const Metric& metric, const Eigen::VectorXd& a,
             const Eigen::VectorXd& b, int points) {
  GeodesicOptions options;
  options.points = points;
  const GeodesicResult fast = computeGeodesic(metric, a, b, options);
  options.solver = GeodesicSolverKind::Adam;
  const GeodesicResult adam = computeGeodesic(metric, a, b, options);
  const long long reach = adamEvaluationsToReach(adam, fast.energy, points);
  char reachText[64];
  if (reach < 0) std::snprintf(reachText, sizeof reachText, "never (500 it.)");
  else std::snprintf(reachText, sizeof reachText, "%lld", reach);
  std::printf("| %-7s | %4d | %11.6g | %5d | %8lld | %8.4f | %11.6g | %8lld | %8.4f | %15s | %7.1fx |\n",
              label, points, fast.energy, fast.iterations, fast.scoreEvaluations, fast.seconds,
              adam.energy, adam.scoreEvaluations, adam.seconds, reachText,
              double(adam.scoreEvaluations) / double(fast.scoreEvaluations));
}

// SLERP start against the data-graph start (Gauss–Newton, 64 points) on a pair whose straight
// line crosses layers (swiss roll) or the hole (torus): iterations to converge, to come within
// 1e-6 of the final energy, cost, and how far the path strays from the manifold; each start with
// plain Gauss–Newton (--no-newton), with its two optional accelerations (5 secant pairs, watchdog
// steps) and with the default Newton tail.
// The paper's metric (λ = 1000) on a manifold's quadrature score at σ = 0.1.
ScoreMetric quadratureScoreMetric(const SyntheticManifold& manifold) {
  SyntheticScoreOptions quadrature;
  quadrature.source = ScoreSource::Quadrature;
  return ScoreMetric(makeSyntheticScore(manifold, quadrature), 1000.0);
}

void compareStarts(const char* label, const SyntheticManifold& manifold, const Eigen::VectorXd& a,
                   const Eigen::VectorXd& b) {
  const ScoreMetric metric = quadratureScoreMetric(manifold);
  const auto references = std::make_shared<const Eigen::MatrixXd>(manifold.sample(800, 1));
  for (const PathInitialization start : {PathInitialization::Slerp, PathInitialization::Graph}) {
    for (const char* variant : {"plain", "accel", "newton"}) {  // newton: the default
      GeodesicOptions options;
      options.points = 64;
      options.initialization = start;
      options.graphReferences = references;
      const bool accelerated = std::strcmp(variant, "accel") == 0;
      options.secantMemory = accelerated ? 5 : 0;
      options.watchdogSteps = accelerated;
      options.newtonSteps = std::strcmp(variant, "newton") == 0;  // plain, accel: --no-newton
      const GeodesicResult r = computeGeodesic(metric, a, b, options);
      int within = -1;
      for (std::size_t i = 0; i < r.energyHistory.size() && within < 0; ++i)
        if (r.energyHistory[i] <= r.energy * (1 + 1e-6)) within = int(i);
      double stray = 0.0;
      for (Eigen::Index j = 0; j < r.path.cols(); ++j)
        stray = std::max(stray, manifold.distanceTo(r.path.col(j)));
      const long long graphEvaluations = r.graphStart ? r.graphStart->scoreEvaluations : 0;
      std::printf("| %-9s | %-5s | %-6s | %4s | %5d | %9d | %8lld | %8lld | %7.3f | %10.5g | %7.4f | %7.4f |\n",
                  label, toString(start).c_str(), variant,
                  r.converged ? "yes" : "no", r.iterations, within,
                  r.scoreEvaluations + graphEvaluations, graphEvaluations, r.seconds, r.energy,
                  r.length, stray);
    }
  }
}

// Iterations to convergence from the graph start at other path resolutions, with and without
// the Newton tail (the default against --no-newton).
void newtonAtResolutions(const char* label, const SyntheticManifold& manifold,
                         const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const ScoreMetric metric = quadratureScoreMetric(manifold);
  const auto references = std::make_shared<const Eigen::MatrixXd>(manifold.sample(800, 1));
  for (const int points : {32, 128}) {
    int iterations[2], newtonSteps = 0;
    long long evaluations[2];
    for (const bool newton : {false, true}) {
      GeodesicOptions options;
      options.points = points;
      options.initialization = PathInitialization::Graph;
      options.graphReferences = references;
      options.newtonSteps = newton;
      const GeodesicResult r = computeGeodesic(metric, a, b, options);
      iterations[newton] = r.converged ? r.iterations : -1;
      evaluations[newton] = r.scoreEvaluations;
      if (newton) newtonSteps = r.newtonSteps;
    }
    std::printf("| %-9s | %4d | %5d | %8lld | %6d | %8lld | %6d |\n", label, points, iterations[0],
                evaluations[0], iterations[1], evaluations[1], newtonSteps);
  }
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) out.push_back(item);
  return out;
}

// "x,y,z" as geodex-cli's --from and --to take it (17 digits: the same point).
std::string pointText(const Eigen::VectorXd& point) {
  std::string text;
  char number[32];
  for (Eigen::Index i = 0; i < point.size(); ++i) {
    std::snprintf(number, sizeof number, "%.17g", point[i]);
    text += (i ? "," : "") + std::string(number);
  }
  return text;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One row per manifold × variant × start over `count` seeded random pairs of manifold samples
// (seed 2026, pair i = samples 2i and 2i+1: pairs in no test).
void pairTable(int count, const std::vector<std::string>& variants,
               const std::vector<std::string>& starts, const std::vector<std::string>& manifolds) {
  std::printf(
      "Seeded random pairs (%d per manifold, samples of seed 2026), 64 points, λ = 1000,\n"
      "quadrature score at σ = 0.1, graph over 800 samples (seed 1): median / worst.\n"
      "'1 %%': the share whose length is within 1 %% of its refined length (8 pieces per\n"
      "segment); evals include the graph's; points: at the end (more than 64 after refinement);\n"
      "refused: pairs the solve threw on.\n\n",
      count);
  std::printf(
      "| manifold | variant | start | conv | 1 %% | its median | its worst | evals median | evals "
      "worst | s median | s worst | points median | points worst | refused |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const std::string& name : manifolds) {
    SyntheticSceneOptions base;
    base.manifold = SyntheticManifold::kindOf(name);
    base.score.source = defaultScoreSource(*SyntheticManifold::create(base.manifold));
    base.geodesic.points = 64;
    SyntheticScene scene(base);
    const Eigen::MatrixXd ends = scene.manifold().sample(2 * count, 2026);
    for (const std::string& variant : variants) {
      for (const std::string& start : starts) {
        SyntheticSceneOptions o = base;
        o.geodesic.initialization = parsePathInitialization(start);
        o.metric.quadratureNodes = defaultQuadratureNodes(o.geodesic.solver);  // as geodex-cli
        if (variant == "adam") {
          if (start != starts.front()) continue;  // once, from the paper's start
          o.geodesic.initialization = PathInitialization::Slerp;
          o.geodesic.solver = GeodesicSolverKind::Adam;
          o.metric.quadratureNodes = 1;
        } else if (variant.rfind("previous", 0) == 0) {  // before refinement and Gauss–Legendre nodes
          o.metric.quadratureNodes = 1;
          o.geodesic.newtonEveryStep = false;
          o.geodesic.gradientTolerance = std::numeric_limits<double>::infinity();
        }
        if (variant.rfind("previous", 0) == 0 || variant.rfind("new", 0) == 0 ||
            variant.rfind("unrefined", 0) == 0)
          o.geodesic.refine = false;
        if (variant.rfind("new", 0) == 0) {
          o.geodesic.gradientTolerance = 1e-8;
          o.geodesic.newtonEveryStep = false;
        }
        // A suffix -every takes a damped Newton step on every iteration (new-every), -tail only
        // in Gauss–Newton's slow tail (default-tail: the default before the scenes took -every).
        if (variant.find("-every") != std::string::npos) o.geodesic.newtonEveryStep = true;
        if (variant.find("-tail") != std::string::npos) o.geodesic.newtonEveryStep = false;
        // A suffix -c2f solves coarse to fine (GeodesicOptions::coarseToFine).
        if (variant.find("-c2f") != std::string::npos) o.geodesic.coarseToFine = true;
        // A suffix -q<k> sets the nodes per segment of the energy (previous-q3, new-q1, ...).
        if (const auto q = variant.find("-q"); q != std::string::npos)
          o.metric.quadratureNodes = std::atoi(variant.c_str() + q + 2);
        std::vector<double> its, evals, secs, points;
        int converged = 0, within = 0, refused = 0;
        for (int i = 0; i < count; ++i) {
          o.from = ends.col(2 * i);
          o.to = ends.col(2 * i + 1);
          try {
            const SyntheticSceneResult r = scene.solve(o);
            const GeodesicResult& g = r.geodesic;
            its.push_back(g.iterations);
            evals.push_back(
                double(g.scoreEvaluations + (g.graphStart ? g.graphStart->scoreEvaluations : 0)));
            secs.push_back(g.seconds);
            points.push_back(double(g.path.cols()));
            converged += g.converged;
            within +=
                std::abs(r.geodesic.refinedLength - g.length) <= 0.01 * r.geodesic.refinedLength;
            // One line per pair on stderr, for looking into a row.
            std::fprintf(stderr,
                         "%s %s %s pair %d (%s → %s): %s, %d it., %d points, length %.6g "
                         "refined %.6g, %.3g s, %s\n",
                         name.c_str(), variant.c_str(), start.c_str(), i,
                         pointText(o.from).c_str(), pointText(o.to).c_str(),
                         g.converged ? "converged" : "not converged", g.iterations,
                         int(g.path.cols()), g.length, r.geodesic.refinedLength, g.seconds,
                         g.stopReason.c_str());
          } catch (const std::exception&) {
            ++refused;
          }
        }
        const auto worst = [](const std::vector<double>& v) {
          return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
        };
        const std::string startName = toString(o.geodesic.initialization);
        std::printf(
            "| %-9s | %-9s | %-5s | %2d/%d | %2d/%d | %5.0f | %5.0f | %9.0f | %9.0f | %7.2f | "
            "%7.2f | %4.0f | %4.0f | %d |\n",
            name.c_str(), variant.c_str(), startName.c_str(), converged, count, within, count,
            median(its), worst(its), median(evals), worst(evals), median(secs), worst(secs),
            median(points), worst(points), refused);
        std::fflush(stdout);
      }
    }
  }
}

template <typename F>
double secondsPerCall(F&& f, int repeats) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats;
}

}  // namespace

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  if (argc > 2 && std::strcmp(argv[1], "--pairs") == 0) {
    pairTable(std::max(1, std::atoi(argv[2])), splitList(argc > 3 ? argv[3] : "adam,previous,default"),
              splitList(argc > 4 ? argv[4] : "graph"),
              splitList(argc > 5 ? argv[5] : "swissroll,torus,moons,spiral,helix"));
    return 0;
  }
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("Solvers to convergence (λ = 1000, σ = 0.1, SLERP start). Gauss–Newton stops at relative\n"
              "energy change < 1e-10; Adam runs the paper's 500 iterations (lr 1e-3, cosine to 0.1x).\n\n");
  std::printf("| case    |  pts |     GN energy | GN it | GN evals |   GN s   | Adam energy | Adam ev. |  Adam s  | Adam evals to GN E | evals ratio |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  const auto sphere = SyntheticManifold::create(ManifoldKind::Sphere);
  const auto torus = SyntheticManifold::create(ManifoldKind::Torus);
  const ScoreMetric sphereMetric(makeSyntheticScore(*sphere, SyntheticScoreOptions{}), 1000.0);
  const ScoreMetric torusMetric = quadratureScoreMetric(*torus);
  for (int points : quick ? std::vector<int>{16, 64} : std::vector<int>{16, 64, 256}) {
    compare("sphere", sphereMetric, Eigen::Vector3d(1, 0, 0), Eigen::Vector3d(0, 0.6, 0.8), points);
    compare("torus", torusMetric, Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(-0.58, 0.81, 0.4), points);
  }

  std::printf("\nSLERP start vs data-graph start (Gauss–Newton, 64 points, λ = 1000, quadrature score at\n"
              "σ = 0.1, 800 manifold samples as the graph's references, k = 10). 'to 1e-6': the\n"
              "iteration whose energy first came within 1e-6 of the final one; evals include the\n"
              "graph's; 'off': the largest distance of a path point from the manifold; 'newton': the\n"
              "default (Newton steps in the slow tail); 'plain': --no-newton; 'accel': --no-newton\n"
              "--secant-memory 5 --watchdog.\n\n");
  std::printf("| case      | start | GN    | conv |  its | to 1e-6 |    evals | graph ev |     s   |     energy |  length |     off |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  const auto swissRoll = SyntheticManifold::create(ManifoldKind::SwissRoll);
  compareStarts("swissroll", *swissRoll, Eigen::Vector3d(0.2757, 0, -0.2745),
                Eigen::Vector3d(0.8822, 0, -0.0586));
  compareStarts("torus", *torus, Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(-1.4, 0, 0));
  compareStarts("torus b", *torus, Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(-0.58, 0.81, 0.4));

  std::printf("\nGraph start at other resolutions: iterations to convergence (-1: not converged) and\n"
              "the solve's score evaluations (the graph's left out), plain (--no-newton) and default.\n\n");
  std::printf("| case      |  pts | plain | evals    | default | evals  | Newton steps |\n|---|---|---|---|---|---|---|\n");
  newtonAtResolutions("swissroll", *swissRoll, Eigen::Vector3d(0.2757, 0, -0.2745),
                      Eigen::Vector3d(0.8822, 0, -0.0586));
  newtonAtResolutions("torus", *torus, Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(-1.4, 0, 0));
  newtonAtResolutions("torus b", *torus, Eigen::Vector3d(1.4, 0, 0), Eigen::Vector3d(-0.58, 0.81, 0.4));

  // d = 784: a closed curve (random 2-plane circle plus a wiggle) sampled 10 000 times.
  const int d = 784, samples = 10000;
  Eigen::MatrixXd basis = Eigen::MatrixXd::Random(d, 4);
  basis = Eigen::HouseholderQR<Eigen::MatrixXd>(basis).householderQ() * Eigen::MatrixXd::Identity(d, 4);
  Eigen::MatrixXd data(d, samples);
  for (int i = 0; i < samples; ++i) {
    const double t = 2 * std::numbers::pi * i / samples;
    data.col(i) = basis * Eigen::Vector4d(std::cos(t), std::sin(t), 0.3 * std::cos(3 * t), 0.3 * std::sin(2 * t));
  }
  const ScoreMetric imageMetric(std::make_shared<EmpiricalScore>(data, 0.1), 1000.0);
  const Eigen::VectorXd a = data.col(0), b = data.col(samples / 4);
  std::printf("\nd = %d, empirical score over %d samples, 10 path points:\n", d, samples);
  for (auto kind : {GeodesicSolverKind::Adam, GeodesicSolverKind::GaussNewton}) {
    GeodesicOptions options;
    options.solver = kind;
    options.adamIterations = 20;
    options.maxIterations = 20;
    options.relativeTolerance = 0.0;  // time a fixed number of iterations
    const GeodesicResult r = computeGeodesic(imageMetric, a, b, options);
    std::printf("  %-12s %3d iterations, %.4f s per iteration, %.1f score evaluations per iteration\n",
                toString(kind).c_str(), r.iterations, r.seconds / std::max(1, r.iterations),
                double(r.scoreEvaluations) / std::max(1, r.iterations));
  }
  const Eigen::MatrixXd batch = data.leftCols(9);
  std::printf("  one score + VJP of 9 midpoints: %.4f s\n",
              secondsPerCall([&] { imageMetric.scoreModel()->scoreAndVectorJacobianProduct(batch, batch); }, 5));
  return 0;
}
