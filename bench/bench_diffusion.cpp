// Diffusion throughput on this machine: DSM training steps/s of the sphere MLP, DDPM training
// steps/s of the 28×28 U-Net, DDIM denoising images/s (K = 50 from the paper's t = 400).
// Usage: bench_diffusion [threads] (0: all cores).
#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>

#include "core/data/synthetic_manifold.h"
#include "core/diffusion/ddim_sampler.h"
#include "core/diffusion/ddpm_trainer.h"
#include "core/diffusion/score_matching_trainer.h"
#include "core/util/omp_wait_policy.h"
#include "core/util/torch_threads.h"

using namespace geodex;

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  const int threads = argc > 1 ? std::atoi(argv[1]) : 0;
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  // 0: each workload's own automatic count (one when other tasks fill the cores); the count a
  // scope opened now would take.
  std::printf("LibTorch intra-op threads: %d%s; OMP_WAIT_POLICY=%s\n\n",
              ScopedTorchThreads(threads).threads(), threads <= 0 ? " (automatic, now)" : "",
              policy ? policy : "(unset)");
  std::printf("| workload | batch | throughput |\n|---|---|---|\n");

  ScoreMatchingOptions mlp;
  mlp.steps = 500;
  mlp.threads = threads;
  mlp.device = DeviceChoice::Cpu;
  const auto sphere = SyntheticManifold::create("sphere")->sample(20000, 1);
  const ScoreMatchingResult dsm = trainScoreModel(sphere, mlp);
  std::printf("| DSM training, MLP 3→64×3→3 (%lld parameters) | %d | %.0f steps/s |\n",
              dsm.model->parameterCount(), mlp.batchSize, dsm.stepsPerSecond);

  const torch::Tensor images = torch::rand({256, 1, 28, 28}) * 2 - 1;
  for (int batch : {32, 64}) {
    DdpmTrainingOptions unet;
    unet.steps = 10;
    unet.batchSize = batch;
    unet.threads = threads;
    unet.device = DeviceChoice::Cpu;
    const DdpmTrainingResult ddpm = DdpmTrainer(unet).train(images);
    std::printf("| DDPM training, U-Net 28×28 (%lld parameters) | %d | %.2f steps/s (%.0f images/s) |\n",
                ddpm.model->parameterCount(), batch, ddpm.stepsPerSecond,
                ddpm.stepsPerSecond * batch);
    if (batch == 64) {
      DdimOptions ddim;
      ddim.threads = threads;
      ddim.batchSize = 16;
      const NoiseSchedule schedule(ddpm.model->scheduleOptions());
      const DdimResult result =
          DdimSampler(*ddpm.model, schedule, ddim).denoise(torch::randn({16, 1, 28, 28}), 400);
      std::printf("| DDIM t = 400 → 0, K = %d, U-Net | %d | %.2f images/s (%.0f U-Net evaluations/s) |\n",
                  ddim.steps, ddim.batchSize, 16 / result.seconds,
                  result.modelEvaluations / result.seconds);
    }
  }
  return 0;
}
