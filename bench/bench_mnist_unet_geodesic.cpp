// The Rotated MNIST geodesic on the U-Net geodex ships (the paper's pipeline, t = 200, λ = 1000):
// geodex's Gauss–Newton solver against the paper's Adam (500 iterations, lr 1e-3, cosine decay),
// both from SLERP, on a few test digits from 0° to 90° — the solve of the pipeline's
// paper-slerp method, with the pipeline's ends (RotatedDigitLevel). Prints time, iterations,
// U-Net score evaluations and vector–Jacobian products, the reached midpoint energy (lower is
// better), and the solver's own arithmetic outside the network: the solve's seconds minus the
// seconds inside the U-Net, per score evaluation, as a share of the network's seconds per
// evaluation.
// Usage: bench_mnist_unet_geodesic [digits] (from the committed 30-digit slice; default 3).
//        bench_mnist_unet_geodesic threads — instead: the U-Net's score + vector–Jacobian product
//        at the solver's batch sizes on 1 and on all cores (median of repeated calls).
//        bench_mnist_unet_geodesic tail [digits] — instead: Gauss–Newton's tail per variant
//        (the default with truncated Newton–CG steps in its tail, secant pairs, watchdog steps,
//        Newton–CG on every step, and "no newton-cg"): the score evaluations until the
//        energy is within 1e-4, 1e-5 and 1e-6 (relative) of the lowest any variant reached.
#include <cstdio>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <vector>
#include <string>

#include "bench/timed_score_model.h"
#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/metric_factory.h"
#include "core/geometry/path_energy.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/pipelines/rotated_digit_level.h"
#include "core/score/parallel_score_model.h"
#include "core/util/omp_wait_policy.h"
#include "core/util/shipped_file.h"
#include "core/util/torch_threads.h"

using namespace geodex;

namespace {

// Median seconds of one score + VJP call on `batch` digits with `threads` LibTorch threads.
double medianScoreAndVjpSeconds(const ScoreModel& score, const Eigen::MatrixXd& points, int threads) {
  const ScopedTorchThreads scoped(threads);
  const Eigen::MatrixXd vectors = Eigen::MatrixXd::Ones(points.rows(), points.cols());
  score.scoreAndVectorJacobianProduct(points, vectors);  // warm-up
  std::vector<double> seconds;
  for (int repeat = 0; repeat < 15; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    score.scoreAndVectorJacobianProduct(points, vectors);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(seconds.begin(), seconds.begin() + 7, seconds.end());
  return seconds[7];
}

// Batch 9: the 9 segment midpoints of a 10-point path (the paper's midpoint rule); 18 and 27:
// 2 and 3 Gauss–Legendre nodes per segment; 1: a single point.
void printThreadTable(const std::shared_ptr<const ScoreModel>& score,
                      const RotatedDigitLevel& level, const Eigen::VectorXd& image) {
  const ParallelScoreModel blocks(score, 0);
  const int cores = effectiveTorchThreads(0);
  std::printf("U-Net score + vector–Jacobian product at t = 200, median of 15 calls, %d cores\n\n",
              cores);
  std::printf("| batch | 1 thread, ms | %d LibTorch threads, ms | speed-up | %d blocks × 1 thread, ms "
              "| speed-up |\n|---|---|---|---|---|---|\n", cores, cores);
  for (const int batch : {1, 9, 18, 27}) {
    Eigen::MatrixXd points(image.size(), batch);
    for (int i = 0; i < batch; ++i)
      points.col(i) = level.toLevel(rotateImage(image, 28, 28, 90.0 * i / std::max(1, batch - 1)));
    const double one = medianScoreAndVjpSeconds(*score, points, 1);
    // Every core asked for by name: 0 would step back to one thread on a busy machine.
    const double all = medianScoreAndVjpSeconds(*score, points, cores);
    const double split = medianScoreAndVjpSeconds(blocks, points, 0);
    std::printf("| %d | %.1f | %.1f | %.2f× | %.1f | %.2f× |\n", batch, 1e3 * one, 1e3 * all,
                one / all, 1e3 * split, one / split);
  }
}

// A Gauss–Newton or Adam solve from SLERP on `score` (wrapped to time the network).
struct TimedSolve {
  GeodesicResult result;
  double networkSeconds = 0.0;
};

TimedSolve solveTimed(const std::shared_ptr<const ScoreModel>& score,
                      const RotatedDigitGeodesicOptions& options, GeodesicSolverKind solver,
                      const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const auto timed = std::make_shared<const TimedScoreModel>(score);
  MetricOptions paper = options.metric;  // the paper's I + λ s sᵀ
  paper.kind = MetricKind::Score;
  const std::unique_ptr<Metric> metric = makeMetric(paper, timed, 28 * 28);
  GeodesicOptions geodesic = options.geodesic;
  geodesic.points = options.points;
  geodesic.solver = solver;
  TimedSolve out;
  out.result = GeodesicSolver(*metric, geodesic).solve(a, b);
  out.networkSeconds = timed->seconds();
  return out;
}

// One Gauss–Newton variant's solve of a digit, with the energy after every iteration and the
// score evaluations it had taken by then.
struct TracedSolve {
  GeodesicResult result;
  std::vector<double> energies;
  std::vector<long long> evaluations;
};

TracedSolve solveTraced(const std::shared_ptr<const ScoreModel>& score,
                        const RotatedDigitGeodesicOptions& options, GeodesicOptions geodesic,
                        const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  MetricOptions paper = options.metric;
  paper.kind = MetricKind::Score;
  const std::unique_ptr<Metric> metric = makeMetric(paper, score, 28 * 28);
  geodesic.points = options.points;
  geodesic.solver = GeodesicSolverKind::GaussNewton;
  TracedSolve out;
  const long long before = score->scoreEvaluations();
  SolverControl control;
  control.progress = [&](double, int, double energy) {
    out.energies.push_back(energy);
    out.evaluations.push_back(score->scoreEvaluations() - before);
  };
  out.result = GeodesicSolver(*metric, geodesic).solve(a, b, control);
  return out;
}

// Score evaluations until the energy first came within `tolerance` (relative) of `lowest`; -1:
// never.
long long evaluationsWithin(const TracedSolve& t, double lowest, double tolerance) {
  for (std::size_t i = 0; i < t.energies.size(); ++i)
    if (t.energies[i] <= lowest * (1.0 + tolerance)) return t.evaluations[i];
  return -1;
}

void printTailTable(const std::shared_ptr<const ScoreModel>& score,
                    const RotatedDigitGeodesicOptions& options, int digits,
                    const std::function<std::pair<Eigen::VectorXd, Eigen::VectorXd>(int)>& ends) {
  struct Variant {
    const char* name;
    GeodesicOptions options;
  };
  std::vector<Variant> variants;
  for (const int memory : {0, 3, 8}) {
    GeodesicOptions g = options.geodesic;
    g.secantMemory = memory;
    variants.push_back({memory == 0 ? "default" : memory == 3 ? "secant 3" : "secant 8", g});
  }
  GeodesicOptions watchdog = options.geodesic;
  watchdog.watchdogSteps = true;
  variants.push_back({"watchdog", watchdog});
  GeodesicOptions everyStep = options.geodesic;
  everyStep.newtonEveryStep = true;
  variants.push_back({"newton-cg every step", everyStep});
  // Without truncated Newton–CG steps: the damped Gauss–Newton steps alone.
  GeodesicOptions withoutNewtonCg = options.geodesic;
  withoutNewtonCg.newtonCgIterations = 0;
  variants.push_back({"no newton-cg", withoutNewtonCg});
  std::printf("Gauss–Newton on the paper's metric (midpoint rule), U-Net at t = %d, λ = %.0f, %d "
              "points, 0° → 90°, SLERP start\n\n",
              options.timestep, options.metric.lambda, options.points);
  std::printf("| digit | variant | iterations | score evaluations | converged | energy | evaluations "
              "to 1e-4 | to 1e-5 | to 1e-6 | stop |\n|---|---|---|---|---|---|---|---|---|---|\n");
  for (int digit = 0; digit < digits; ++digit) {
    const auto [a, b] = ends(digit);
    std::vector<TracedSolve> solves;
    double lowest = std::numeric_limits<double>::infinity();
    for (const Variant& v : variants) {
      solves.push_back(solveTraced(score, options, v.options, a, b));
      for (const double e : solves.back().energies) lowest = std::min(lowest, e);
    }
    for (std::size_t k = 0; k < variants.size(); ++k) {
      const TracedSolve& t = solves[k];
      std::printf("| %d | %s | %d | %lld | %s | %.6f | %lld | %lld | %lld | %s |\n", digit,
                  variants[k].name, t.result.iterations, t.result.scoreEvaluations,
                  t.result.converged ? "yes" : "no", t.result.energy,
                  evaluationsWithin(t, lowest, 1e-4), evaluationsWithin(t, lowest, 1e-5),
                  evaluationsWithin(t, lowest, 1e-6), t.result.stopReason.c_str());
      std::fflush(stdout);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  const bool threadTable = argc > 1 && std::strcmp(argv[1], "threads") == 0;
  const bool tailTable = argc > 1 && std::strcmp(argv[1], "tail") == 0;
  const int digits = tailTable ? (argc > 2 ? std::atoi(argv[2]) : 1)
                     : argc > 1 && !threadTable ? std::atoi(argv[1])
                                                : 3;
  const IdxImages slice = readIdxImages(resolveShippedFile(kShippedMnistSlice));
  RotatedDigitGeodesicOptions options;
  options.model = DigitDiffusionModel::load(resolveShippedFile(kShippedDigitModel), DeviceChoice::Cpu);
  options.points = 10;
  const RotatedDigitLevel level(Eigen::Index(28) * 28, options);
  const std::shared_ptr<const ScoreModel> network = options.model->scoreAt(options.timestep);
  // The pipeline's score: the network's batches split over the cores.
  const std::shared_ptr<const ScoreModel> score = level.scoreAt({}, 28, 28, options.sigma);
  MetricOptions paper = options.metric;
  paper.kind = MetricKind::Score;
  paper.quadratureNodes = 1;  // the energy reported: midpoint rule, as the pipeline's
  const std::unique_ptr<Metric> midpoint = makeMetric(paper, score, 28 * 28);
  const auto ends = [&](int digit) {
    const Eigen::VectorXd image = idxImageVector(slice, digit);
    return std::pair{level.toLevel(rotateImage(image, 28, 28, 0.0)),
                     level.toLevel(rotateImage(image, 28, 28, 90.0))};
  };
  if (tailTable) {
    printTailTable(score, options, std::min(digits, slice.count), ends);
    return 0;
  }
  if (threadTable) {
    printThreadTable(network, level, idxImageVector(slice, 0));
    const auto [a, b] = ends(0);
    TimedSolve one;
    {
      const ScopedTorchThreads oneThread(1);
      one = solveTimed(network, options, GeodesicSolverKind::GaussNewton, a, b);
    }
    const TimedSolve split = solveTimed(score, options, GeodesicSolverKind::GaussNewton, a, b);
    std::printf("\nGauss–Newton solve of digit 0 (0° → 90°, %d points, SLERP start): %.1f s on 1 "
                "thread, %.1f s in %d blocks × 1 thread (%.2f×); %lld and %lld score evaluations\n",
                options.points, one.result.seconds, split.result.seconds, effectiveTorchThreads(0),
                one.result.seconds / split.result.seconds, one.result.scoreEvaluations,
                split.result.scoreEvaluations);
    return 0;
  }
  std::printf("U-Net score at t = %d, λ = %.0f, %d points, 0° → 90°, SLERP start, the pipeline's "
              "score (%d blocks × 1 thread)\n\n",
              options.timestep, options.metric.lambda, options.points, effectiveTorchThreads(0));
  std::printf("| digit | solver | seconds | iterations | score evaluations | VJPs | energy | "
              "solver arithmetic per evaluation / U-Net's |\n|---|---|---|---|---|---|---|---|\n");
  for (int digit = 0; digit < digits && digit < slice.count; ++digit) {
    const auto [a, b] = ends(digit);
    for (const GeodesicSolverKind solver :
         {GeodesicSolverKind::GaussNewton, GeodesicSolverKind::Adam}) {
      const TimedSolve t = solveTimed(score, options, solver, a, b);
      const GeodesicResult& s = t.result;
      std::printf("| %d | %s | %.1f | %d | %lld | %lld | %.1f | %.1f %% |\n", digit,
                  s.solver.c_str(), s.seconds, s.iterations, s.scoreEvaluations,
                  s.jacobianProducts, PathEnergy(*midpoint).evaluate(s.path, false).energy,
                  100.0 * (s.seconds - t.networkSeconds) / t.networkSeconds);
    }
  }
  return 0;
}
