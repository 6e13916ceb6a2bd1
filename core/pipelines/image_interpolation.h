#pragma once
// The paper's image pipeline on a Stable Diffusion model (docs/design.md §1): fit both photos to
// the model → VAE-encode → perturb BOTH latents to level t with the SAME noise ε (seeded) → path at
// level t (the geodesic under g = I + λ s sᵀ, s the U-Net's score, and/or the LERP, SLERP and
// NoiseDiffusion baselines between the same noisy ends) → deterministic DDIM of every path point
// to t = 0 → VAE-decode → frames and their metrics. Torch-free header.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"
#include "core/eval/image_sequence_metrics.h"
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_factory.h"
#include "core/geometry/noise_diffusion.h"
#include "core/util/solver_control.h"

namespace geodex {

class StableDiffusionModel;

enum class InterpolationMethod { Geodesic, Lerp, Slerp, NoiseDiffusion };

// "geodesic" | "lerp" | "slerp" | "noisediffusion"; parse throws InvalidArgumentError.
InterpolationMethod parseInterpolationMethod(const std::string& text);
std::string toString(InterpolationMethod method);

struct ImageInterpolationOptions {
  static constexpr int kMaxPoints = 1024;
  static constexpr std::uint64_t kMaxFrameBytes = 8ull << 30;  // every method's float frames

  std::vector<InterpolationMethod> methods{InterpolationMethod::Geodesic, InterpolationMethod::Lerp,
                                           InterpolationMethod::Slerp,
                                           InterpolationMethod::NoiseDiffusion};
  int points = 10;     // path points including both ends (the paper's 10)
  int timestep = -1;   // diffusion level t; −1: the paper's 400 of 1000, scaled to the model's T
  // Of the geodesic and of every path's energy and length (score or pullback; the score metric's
  // quadrature 1 = the paper's midpoint rule).
  MetricOptions metric;
  // The pieces per segment of every path's refined length (each costs one score evaluation per
  // piece: 4 keeps it to ~4× a length evaluation).
  int refinement = 4;
  GeodesicSolverKind solver = GeodesicSolverKind::GaussNewton;
  int iterations = 0;  // solver iterations; 0: the solver's default (Gauss–Newton ≤ 200, Adam 500)
  // From t = 400, 20 steps are a stride of 20 timesteps; each step is one U-Net call per point
  // and method, the largest cost of a run on a CPU (docs/stable-diffusion.md).
  int ddimSteps = 20;
  std::uint64_t seed = 0;  // the shared noise ε
  // Path points per U-Net call (score, its VJP, DDIM): bounds activation memory. The VAE
  // decoder chunks by StableDiffusionModelOptions::chunkSize.
  // 0: auto — 2 up to 32 × 32 latents (256² images) or on CUDA, else 1: at 512² the VJP of two
  // points peaks at 16.6 GB on the CPU (12 GB of activations), one at 10.7 GB (measured).
  int chunkSize = 0;
  int threads = 0;         // LibTorch intra-op threads of the calling thread (0: all cores)
  NoiseDiffusionOptions noiseDiffusion;
  // Data-graph start of the geodesic (empty: SLERP, the paper's): these images, encoded and taken
  // to level t with the ends' shared noise, are the graph's reference points.
  std::vector<RgbImage> graphImages;
  GraphStartOptions graph;
  bool metrics = true;     // compute ImageSequenceMetrics of every strip
  ImageSequenceMetricsOptions metricsOptions;

  // The checks that need no model (a front calls this before the slow model load); the ones
  // that depend on the model's schedule and image size follow in interpolateImages. Throws
  // InvalidArgumentError naming the option, its value and the accepted range.
  void validate() const;
};

struct ImageInterpolationPath {
  InterpolationMethod method = InterpolationMethod::Geodesic;
  Eigen::MatrixXd latents;      // [d × points]: the path at level t (scaled latents)
  std::vector<RgbImage> frames; // DDIM to t = 0, decoded; imageSize() squares
  double energy = 0.0;          // discrete energy and length under g = I + λ s sᵀ at level t
  double length = 0.0;
  double refinedLength = 0.0;   // the same polygon, options.refinement pieces per segment
  GeodesicResult solver;        // the solver's result (geodesic only; empty otherwise)
  ImageSequenceMetricsResult metrics;
  double seconds = 0.0;         // path + DDIM + decode + metrics
};

struct ImageInterpolationResult {
  std::vector<ImageInterpolationPath> paths;  // in options.methods order (complete ones only)
  RgbImage inputA, inputB;     // the photos fitted to the model
  Eigen::VectorXd cleanA, cleanB;  // encoded latents [d]
  Eigen::VectorXd noisyA, noisyB;  // at level t: √ᾱ_t·clean + √(1−ᾱ_t)·noise
  Eigen::VectorXd noise;           // the shared ε [d]
  int timestep = 0;
  double alphaBar = 0.0;
  long long modelEvaluations = 0;  // U-Net samples evaluated by the DDIM passes
  double seconds = 0.0;
};

// Any image sizes (fitted by resizeCentreCrop). Progress covers the whole pipeline (fraction,
// stage counter, energy of the geodesic while it is being solved); snapshot receives the latent
// path [d × points] while the geodesic is solved; cancellation is checked between stages, inside
// the solver and before every DDIM batch (CancelledError).
// Throws InvalidArgumentError on bad options (points outside [3, kMaxPoints] for any method,
// frames over kMaxFrameBytes, λ outside (0, kMaxLambda], t neither −1 nor inside the schedule,
// ...), checked before anything is allocated; ModelError when the model fails.
ImageInterpolationResult interpolateImages(const StableDiffusionModel& model, const RgbImage& imageA,
                                           const RgbImage& imageB,
                                           const ImageInterpolationOptions& options = {},
                                           const SolverControl& control = {});

}  // namespace geodex
