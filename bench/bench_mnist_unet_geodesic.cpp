// The Rotated MNIST geodesic on the U-Net geodex ships (the paper's pipeline, t = 200, λ = 1000):
// geodex's Gauss–Newton solver against the paper's Adam (500 iterations, lr 1e-3, cosine decay),
// both from SLERP, on a few test digits from 0° to 90°. Prints time, iterations, U-Net score
// evaluations and vector–Jacobian products, and the reached midpoint energy (lower is better).
// Usage: bench_mnist_unet_geodesic [digits] (from the committed 30-digit slice; default 3).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/pipelines/rotated_digit_geodesic.h"
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
  options.ddimSteps = 1;  // denoising is not what is measured here
  options.refinement = 1;
  std::printf("U-Net score at t = %d, λ = %.0f, %d points, 0° → 90°, SLERP start, one thread\n\n",
              options.timestep, options.metric.lambda, options.points);
  std::printf("| digit | solver | seconds | iterations | score evaluations | VJPs | energy |\n"
              "|---|---|---|---|---|---|---|\n");
  for (int digit = 0; digit < digits && digit < slice.count; ++digit)
    for (const GeodesicSolverKind solver : {GeodesicSolverKind::GaussNewton, GeodesicSolverKind::Adam}) {
      options.geodesic.solver = solver;
      const RotatedDigitGeodesicResult r =
          computeRotatedDigitGeodesic(idxImageVector(slice, digit), 28, 28, options);
      const GeodesicResult& s = r.solver;
      std::printf("| %d | %s | %.1f | %d | %lld | %lld | %.1f |\n", digit, s.solver.c_str(),
                  s.seconds, s.iterations, s.scoreEvaluations, s.jacobianProducts,
                  r.method("geodesic").energy);
    }
  return 0;
}
