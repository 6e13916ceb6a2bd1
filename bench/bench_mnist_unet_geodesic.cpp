// The Rotated MNIST geodesic on the U-Net geodex ships (the paper's pipeline, t = 200, λ = 1000):
// geodex's Gauss–Newton solver against the paper's Adam (500 iterations, lr 1e-3, cosine decay),
// both from SLERP, on a few test digits from 0° to 90° — the solve of the pipeline's
// paper-slerp method, with the pipeline's ends (RotatedDigitLevel). Prints time, iterations,
// U-Net score evaluations and vector–Jacobian products, the reached midpoint energy (lower is
// better), and the solver's own arithmetic outside the network: the solve's seconds minus the
// seconds inside the U-Net, per score evaluation, as a share of the network's seconds per
// evaluation.
// Usage: bench_mnist_unet_geodesic [digits] (from the committed 30-digit slice; default 3).
#include <cstdio>
#include <cstdlib>
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
#include "core/util/omp_wait_policy.h"
#include "core/util/shipped_file.h"

using namespace geodex;

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  const int digits = argc > 1 ? std::atoi(argv[1]) : 3;
  const IdxImages slice = readIdxImages(resolveShippedFile(kShippedMnistSlice));
  RotatedDigitGeodesicOptions options;
  options.model = DigitDiffusionModel::load(resolveShippedFile(kShippedDigitModel), DeviceChoice::Cpu);
  options.points = 10;
  const RotatedDigitLevel level(Eigen::Index(28) * 28, options);
  const auto score = std::make_shared<const TimedScoreModel>(options.model->scoreAt(options.timestep));
  MetricOptions paper = options.metric;  // the paper's I + λ s sᵀ
  paper.kind = MetricKind::Score;
  const std::unique_ptr<Metric> metric = makeMetric(paper, score, 28 * 28);
  paper.quadratureNodes = 1;  // the energy reported: midpoint rule, as the pipeline's
  const std::unique_ptr<Metric> midpoint = makeMetric(paper, score, 28 * 28);
  std::printf("U-Net score at t = %d, λ = %.0f, %d points, 0° → 90°, SLERP start, one thread\n\n",
              options.timestep, options.metric.lambda, options.points);
  std::printf("| digit | solver | seconds | iterations | score evaluations | VJPs | energy | "
              "solver arithmetic per evaluation / U-Net's |\n|---|---|---|---|---|---|---|---|\n");
  for (int digit = 0; digit < digits && digit < slice.count; ++digit) {
    const Eigen::VectorXd image = idxImageVector(slice, digit);
    const Eigen::VectorXd a = level.toLevel(rotateImage(image, 28, 28, 0.0));
    const Eigen::VectorXd b = level.toLevel(rotateImage(image, 28, 28, 90.0));
    for (const GeodesicSolverKind solver :
         {GeodesicSolverKind::GaussNewton, GeodesicSolverKind::Adam}) {
      GeodesicOptions geodesic = options.geodesic;
      geodesic.points = options.points;
      geodesic.solver = solver;
      score->reset();
      const GeodesicResult s = GeodesicSolver(*metric, geodesic).solve(a, b);
      const double network = score->seconds();
      std::printf("| %d | %s | %.1f | %d | %lld | %lld | %.1f | %.1f %% |\n", digit,
                  s.solver.c_str(), s.seconds, s.iterations, s.scoreEvaluations,
                  s.jacobianProducts, PathEnergy(*midpoint).evaluate(s.path, false).energy,
                  100.0 * (s.seconds - network) / network);
    }
  }
  return 0;
}
