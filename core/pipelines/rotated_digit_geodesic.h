#pragma once
// The Rotated MNIST experiment (docs/design.md §1, image pipeline), with one of two scores:
//  - exact: the empirical score of the digit's rotations smoothed at σ (no training);
//  - model: geodex's U-Net ε-model (DigitDiffusionModel) at diffusion level t.
//  1. both endpoints (the digit at θ₁ and θ₂) are perturbed with the SAME noise: x̃ = x + σε
//     (exact), or x_t = √ᾱ_t(2x − 1) + √(1−ᾱ_t)ε in the model's [−1, 1] space (model);
//  2. the geodesic under g = I + λ s sᵀ is computed there;
//  3. every path point is denoised: Tweedie's x̂₀ = x + σ² s(x), for the exact score the exact
//     posterior mean of the clean rotation given the noisy point; deterministic DDIM to t = 0
//     for the model;
//  4. each denoised point is matched to the closest true rotation on [θ₁, θ₂] (MSE, SSIM,
//     recovered angle). LERP and SLERP get the same noisy ends and the same denoising.
// Two different digits (computeDigitPairGeodesic) run the same pipeline without a ground truth.
// `RotatedDigitGeodesic` prepares one experiment (checks, ends, true rotations) and solves it, so
// that a caller can show the true rotations before the solve; the compute* functions are the
// one-shot forms. Images are [rows·cols] vectors in [0, 1]; paths are [rows·cols × points].
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/diffusion/noise_schedule.h"
#include "core/eval/image_sequence_metrics.h"
#include "core/eval/rotation_recovery.h"
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_factory.h"
#include "core/pipelines/rotated_digit_method.h"
#include "core/pipelines/rotated_digit_options_check.h"
#include "core/util/solver_control.h"

namespace geodex {

class DigitDiffusionModel;
class DigitReferencePool;
class RotatedDigitLevel;
class ScoreModel;
struct NearestRotatedDigitsOptions;

struct RotatedDigitGeodesicOptions {
  // Limits, checked before anything is allocated (InvalidArgumentError naming the option).
  static constexpr std::int64_t kMaxDigitPixels = 256 * 256;
  static constexpr int kMaxPoints = 10000;
  static constexpr int kMaxRotations = 36000;
  static constexpr double kMaxSigma = 1000.0;
  static constexpr std::uint64_t kMaxImageBytes = 2ull << 30;  // rotated copies, refined paths

  double fromAngle = 0.0;  // degrees
  double toAngle = 90.0;
  int points = 12;         // path points including both ends
  int rotations = 360;     // copies behind the score (1° apart)
  double sigma = 1.0;      // smoothing / noise level (pixel values in [0, 1]);
                           // docs/rotated-mnist.md explains
  // λ, the pullback's ε and pieces, and the nodes per segment of the solver's energy (1 = the
  // midpoint rule, the paper's; 2–5 Gauss–Legendre). The kind is each method's. Reported
  // energies and lengths always use the midpoint rule, so methods stay comparable.
  MetricOptions metric;
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
  // The geodesic methods run (LERP and SLERP always are); options.geodesic gives their common
  // settings (iterations, tolerances), each method its metric, start and solver.
  std::vector<RotatedDigitGeodesicMethod> methods = defaultRotatedDigitMethods();
  // The data-graph start's reference points, as clean images [rows·cols × n] in [0, 1], taken to
  // the geodesic's level with the ends' shared noise. Null: the digit's `rotations` rotated
  // copies (exact score; for two digits both digits' copies). With a model there is no default
  // (it would be the ground truth): nearestRotatedDigits (core/data) picks training digits.
  std::shared_ptr<const Eigen::MatrixXd> graphImages;
  GraphStartOptions graph;  // neighbours, edge pieces (its referenceLabel is set here)
  int refinement = 8;        // sub-segments per segment for the refined length (see below)
  GeodesicOptions geodesic;  // solver, iterations, initialisation (points is taken from above)
  // The score: null = the exact score of the rotations at σ (sigma, rotations and annealing
  // apply); a model = its U-Net at level `timestep`, with DDIM (`ddimSteps`) as the denoiser.
  std::shared_ptr<const DigitDiffusionModel> model;
  // 200, not the paper's 400: from 400 DDIM does not bring this U-Net's noisy ends back to their
  // digits (end MSE to the true rotation 0.013 and 0.028 on test digit 7, against 0.004 from 200;
  // docs/rotated-mnist.md), and the comparison is against the true rotations.
  static constexpr int kDefaultTimestep = 200;
  int timestep = kDefaultTimestep;
  int ddimSteps = 50;
};

struct RotatedDigitMethodResult {
  std::string method;                  // a RotatedDigitGeodesicMethod's name, "lerp" or "slerp"
  Eigen::MatrixXd path;                // at level σ (noisy when perturbed)
  Eigen::MatrixXd images;              // denoised path (the path itself when denoise is off)
  // Against the true rotations (one digit only; empty, NaN and false for two digits):
  std::vector<RotationMatch> matches;  // per point, ends included
  double meanMse = 0.0;   // over the interior points (the ends are the same for every method)
  double meanSsim = 0.0;  // idem
  // Mean MSE of the interior images to the truth at the evenly spaced angles (not the closest
  // rotation): small only for a path that moves through the rotations at constant speed.
  double meanMseToEvenTruth = 0.0;
  bool monotonic = false;
  double largestAngleStep = 0.0;  // degrees
  // Mean |recovered − ideal| over the interior, the ideal being evenly spaced angles from θ₁ to
  // θ₂ (a path that moves along the rotations at constant speed): small only for a path that
  // really passes through the intermediate rotations; a path that snaps to the ends scores ~θ/4.
  double meanAngleError = 0.0;
  double energy = 0.0;  // discrete energy and length of `path` under the paper's metric
  double length = 0.0;
  // The same under the pullback metric εI + JᵀJ (the options' ε and pieces), whatever metric the
  // method solved with: each metric's figure against LERP's says whether it ranks this path as
  // the shorter one.
  double pullbackEnergy = 0.0;
  double pullbackLength = 0.0;
  // The metric length of the same polygon with every segment cut into `refinement` pieces: much
  // larger than `length` when a segment jumps over low density with its midpoint where s ≈ 0.
  double refinedLength = 0.0;
  // RMS pixel change between neighbouring denoised images, and how evenly the path steps: an
  // interpolation that cross-fades or snaps shows one large step (maxOverMean ≫ 1).
  std::vector<double> imageSteps;
  StepUniformity imageStepUniformity;
  // Geodesic methods: the solve's cost (graph start included in seconds and score evaluations)
  // and the graph start's share.
  int iterations = 0;
  long long scoreEvaluations = 0;
  double seconds = 0.0;
  bool converged = false;
  double graphSeconds = 0.0;
  long long graphScoreEvaluations = 0;
};

struct RotatedDigitGeodesicResult {
  std::vector<RotatedDigitMethodResult> methods;  // the geodesic methods, lerp, slerp
  // The digit at `points` evenly spaced angles in [θ₁, θ₂]; no columns for two digits.
  Eigen::MatrixXd truth;
  // One digit: the true rotations taken to the geodesic's level with the ends' shared noise (the
  // ends exactly those of every path), denoised and measured like the methods, under the name
  // "true-rotations". Not a method, the path a rotation-following method would find: its
  // energies against LERP's say whether each metric prefers the rotation to the chord, its MSE
  // what the denoiser makes of the truth (the floor of every method). Two digits: method empty.
  RotatedDigitMethodResult trueRotations;
  GeodesicResult solver;           // the first geodesic method's solve (energy history, ...)
  std::string score;               // "exact" or the model's name and level
  double endpointNoiseNorm = 0.0;  // ‖σε‖, or ‖√(1−ᾱ_t)ε‖ for the model
  double seconds = 0.0;

  const RotatedDigitMethodResult& method(const std::string& name) const;
  // What the fronts list: the methods, LERP, SLERP, then trueRotations when there is a truth.
  std::vector<const RotatedDigitMethodResult*> measuredPaths() const;
};

class RotatedDigitGeodesic {
 public:
  // One digit [rows·cols] in [0, 1] from fromAngle to toAngle, against its true rotations.
  // Throws InvalidArgumentError on bad options (and a model whose image size is not rows×cols).
  static RotatedDigitGeodesic rotation(const Eigen::VectorXd& digit, int rows, int cols,
                                       const RotatedDigitGeodesicOptions& options);
  // From `first` at fromAngle to `second` at toAngle: no ground truth.
  static RotatedDigitGeodesic pair(const Eigen::VectorXd& first, const Eigen::VectorXd& second,
                                   int rows, int cols, const RotatedDigitGeodesicOptions& options);

  // The digit at `points` evenly spaced angles in [θ₁, θ₂]; no columns for two digits.
  const Eigen::MatrixXd& truth() const { return truth_; }
  // CancelledError when cancelled.
  RotatedDigitGeodesicResult solve(const SolverControl& control = {}) const;

 private:
  RotatedDigitGeodesic(const Eigen::VectorXd& first, const Eigen::VectorXd& second,
                       bool sameDigit, int rows, int cols,
                       const RotatedDigitGeodesicOptions& options);

  // The pipeline's steps, in the order solve() takes them. The ends at the level (and the
  // reference set, built on the first graph method's demand and shared by the others).
  struct Ends {
    Eigen::VectorXd cleanA, cleanB, a, b;
    Eigen::MatrixXd truthAtLevel;  // one digit: the true rotations with the ends' noise
    mutable std::shared_ptr<const Eigen::MatrixXd> references;
  };
  Eigen::MatrixXd digits() const;  // the one or two digits, as columns
  MetricOptions metricOf(const RotatedDigitGeodesicMethod& method) const;
  // Reference set: the data graph's reference images at the level.
  std::shared_ptr<const Eigen::MatrixXd> referenceSet(const RotatedDigitLevel& level) const;
  // Start: a method's solver options and start (graph, SLERP, true rotations, σ annealing).
  GeodesicOptions startOf(const RotatedDigitGeodesicMethod& method, const Ends& ends,
                          const RotatedDigitLevel& level, const SolverControl& control) const;
  Eigen::MatrixXd annealedStart(const RotatedDigitGeodesicMethod& method, GeodesicOptions annealing,
                                const Ends& ends, const RotatedDigitLevel& level,
                                const SolverControl& control) const;
  // Denoise and measure: every method's path, LERP, SLERP and the true rotations.
  void measure(const std::vector<GeodesicResult>& solves, const Ends& ends,
               const RotatedDigitLevel& level, const std::shared_ptr<const ScoreModel>& score,
               RotatedDigitGeodesicResult& result, const SolverControl& control) const;

  Eigen::VectorXd first_, second_;
  bool sameDigit_;
  int rows_, cols_;
  RotatedDigitGeodesicOptions options_;
  Eigen::MatrixXd truth_;
};

// RotatedDigitGeodesic::rotation(...).solve(control).
RotatedDigitGeodesicResult computeRotatedDigitGeodesic(const Eigen::VectorXd& digit, int rows,
                                                       int cols,
                                                       const RotatedDigitGeodesicOptions& options,
                                                       const SolverControl& control = {});

// From `first` at fromAngle to `second` at toAngle (two different digits). The exact score is
// that of both digits' rotations; there is no ground truth, so only the path figures and the
// image steps are filled, and `truth` is empty. RotatedDigitGeodesic::pair(...).solve(control).
RotatedDigitGeodesicResult computeDigitPairGeodesic(const Eigen::VectorXd& first,
                                                    const Eigen::VectorXd& second, int rows,
                                                    int cols,
                                                    const RotatedDigitGeodesicOptions& options,
                                                    const SolverControl& control = {});

// Whether a method of `options` starts from the data graph.
bool usesGraphStart(const RotatedDigitGeodesicOptions& options);

// The graph's references for a model: the pool's digits (training digits, never the test digit)
// nearest to the two clean ends — `first` at fromAngle and `second` at toAngle — each rotated
// over the full turn (nearestRotatedDigits; the pool remembers it for the same ends). Images in
// [0, 1].
std::shared_ptr<const Eigen::MatrixXd> nearestPoolDigits(const DigitReferencePool& pool,
                                                         const Eigen::VectorXd& first,
                                                         const Eigen::VectorXd& second, int rows,
                                                         int cols,
                                                         const RotatedDigitGeodesicOptions& options,
                                                         const NearestRotatedDigitsOptions& digits);

}  // namespace geodex
