#pragma once
// The Rotated MNIST experiment with the exact (empirical) score of one digit's rotations:
//  1. both endpoints (the digit at θ₁ and θ₂) are perturbed with the SAME noise: x̃ = x + σε;
//  2. the geodesic under g = I + λ s sᵀ is computed at level σ (s: rotated-digit score);
//  3. every path point is denoised with Tweedie's formula x̂₀ = x + σ² s(x), which for this
//     model is the exact posterior mean E[y | x] of the clean rotation given the noisy point;
//  4. each denoised point is matched to the closest true rotation on [θ₁, θ₂] (MSE, SSIM,
//     recovered angle). LERP and SLERP get the same noisy ends and the same denoising.
// Images are [rows·cols] vectors in [0, 1]; paths are [rows·cols × points].
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/rotation_recovery.h"
#include "core/geometry/geodesic_types.h"
#include "core/util/solver_control.h"

namespace geodex {

struct RotatedDigitGeodesicOptions {
  double fromAngle = 0.0;  // degrees
  double toAngle = 90.0;
  int points = 12;         // path points including both ends
  int rotations = 360;     // copies behind the score (1° apart)
  double sigma = 1.0;      // smoothing / noise level (pixel values in [0, 1]); README explains
  double lambda = 1000.0;  // the paper's λ
  bool perturb = true;     // shared-noise perturbation of the ends; false: clean ends
  bool denoise = true;     // Tweedie denoising of every path point
  std::uint64_t seed = 1;  // of the shared noise
  double truthStep = 1.0;  // degrees between the true rotations matched against
  double monotonicTolerance = 1.0;  // degrees a recovered angle may step back
  // Diagnostic: start the geodesic from the true rotations (with the same noise) instead of the
  // solver's SLERP/LERP start, to compare the discrete energies of the two kinds of path.
  bool startFromTrueRotations = false;
  // Annealing (0: off): solve first at σ levels from annealFrom down towards σ (annealSteps
  // levels, geometric), each from the previous path, then at σ. The smoother density at large σ
  // gives the local solver a start on the right side of the non-convex energy.
  double annealFrom = 0.0;
  int annealSteps = 4;
  // Nodes per segment in the solver's energy: 1 = the midpoint rule (the paper's, and
  // PathEnergy's); 2–5 = Gauss–Legendre along the segment (SegmentQuadratureMetric). Reported
  // energies and lengths always use the midpoint rule, so methods stay comparable.
  int quadratureNodes = 1;
  int refinement = 8;        // sub-segments per segment for the refined length (see below)
  GeodesicOptions geodesic;  // solver, iterations, initialisation (points is taken from above)
};

struct RotatedDigitMethodResult {
  std::string method;                  // "geodesic", "lerp", "slerp"
  Eigen::MatrixXd path;                // at level σ (noisy when perturbed)
  Eigen::MatrixXd images;              // denoised path (the path itself when denoise is off)
  std::vector<RotationMatch> matches;  // per point, ends included
  double meanMse = 0.0;   // over the interior points (the ends are the same for every method)
  double meanSsim = 0.0;  // idem
  bool monotonic = false;
  double largestAngleStep = 0.0;  // degrees
  // Mean |recovered − ideal| over the interior, the ideal being evenly spaced angles from θ₁ to
  // θ₂ (a path that moves along the rotations at constant speed): small only for a path that
  // really passes through the intermediate rotations; a path that snaps to the ends scores ~θ/4.
  double meanAngleError = 0.0;
  double energy = 0.0;  // discrete energy and length of `path` under the metric
  double length = 0.0;
  // The metric length of the same polygon with every segment cut into `refinement` pieces: much
  // larger than `length` when a segment jumps over low density with its midpoint where s ≈ 0.
  double refinedLength = 0.0;
};

struct RotatedDigitGeodesicResult {
  std::vector<RotatedDigitMethodResult> methods;  // geodesic, lerp, slerp
  Eigen::MatrixXd truth;           // the digit at `points` evenly spaced angles in [θ₁, θ₂]
  GeodesicResult solver;           // the geodesic solve itself
  double endpointNoiseNorm = 0.0;  // ‖σε‖
  double seconds = 0.0;
  bool cancelled = false;

  const RotatedDigitMethodResult& method(const std::string& name) const;
};

// digit [rows·cols] in [0, 1]. Throws InvalidArgumentError on bad options.
RotatedDigitGeodesicResult computeRotatedDigitGeodesic(const Eigen::VectorXd& digit, int rows,
                                                       int cols,
                                                       const RotatedDigitGeodesicOptions& options,
                                                       const SolverControl& control = {});

}  // namespace geodex
