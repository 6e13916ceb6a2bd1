#pragma once
// The Rotated MNIST evaluation: computeRotatedDigitGeodesic over many digit/angle pairs, with the
// per-pair figures of every method and their means, and a CSV form (docs/mnist_eval.csv).
#include <string>
#include <utility>
#include <vector>

#include "core/data/idx_file.h"
#include "core/data/digit_reference_pool.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/solver_control.h"

namespace geodex {

struct RotatedDigitEvaluationOptions {
  int pairs = 20;
  int firstDigit = 0;  // pair p uses digit firstDigit + p
  int firstPair = 0;   // the pairs run are firstPair … firstPair + pairs − 1 (a long run in parts)
  // Pair p uses anglePairs[p % size]: quarter turns, smaller and larger arcs, negative angles.
  std::vector<std::pair<double, double>> anglePairs = {
      {0, 90}, {0, 60}, {-45, 45}, {0, 120}, {30, 90}};
  RotatedDigitGeodesicOptions
      experiment;  // its angles are set per pair; its seed + p is the noise seed
  // With a model and a graph method: per pair, the pool's digits nearest to the two clean ends
  // (nearestRotatedDigits) are the graph's references. The pool must not hold the test digits.
  std::shared_ptr<const DigitReferencePool> graphPool;
  NearestRotatedDigitsOptions graphDigits;
};

struct RotatedDigitEvaluationRow {
  int pair = 0;
  int digitIndex = 0;
  int label = 0;
  double fromAngle = 0.0, toAngle = 0.0;
  // The geodesic methods, lerp, slerp and "true-rotations" (RotatedDigitGeodesicResult::
  // trueRotations), without paths and images (kept small).
  std::vector<RotatedDigitMethodResult> methods;
};

struct RotatedDigitMethodSummary {
  std::string method;
  double meanMse = 0.0, meanSsim = 0.0, meanAngleError = 0.0, meanLargestAngleStep = 0.0;
  double meanMseToEvenTruth = 0.0;
  double meanLength = 0.0, meanRefinedLength = 0.0, meanEnergy = 0.0;
  double meanPullbackLength = 0.0, meanPullbackEnergy = 0.0;
  double meanImageStepMaxOverMean = 0.0;  // 1 = the denoised images change evenly
  double meanLargestStepOverEven = 0.0;   // largest angle step / |θ₂ − θ₁|/(points − 1)
  double meanSeconds = 0.0, meanScoreEvaluations = 0.0;
  int monotonic = 0;
  // Pairs where this method does better than LERP: lower MSE, higher SSIM, lower angle error;
  // and where its largest angle step is at most twice the even step.
  int beatsLerpMse = 0, beatsLerpSsim = 0, beatsLerpAngle = 0, stepWithinTwiceEven = 0;
  // Pairs where this path's energy is below LERP's under the paper's metric and under the
  // pullback metric: for "true-rotations", whether each metric prefers the rotation to the chord.
  int energyBelowLerp = 0, pullbackEnergyBelowLerp = 0;
  double medianMseRatio = 0.0;  // median over pairs of this method's MSE / LERP's
};

struct RotatedDigitEvaluationResult {
  std::vector<RotatedDigitEvaluationRow> rows;
  // Per method, in the rows' order (the geodesic methods, lerp, slerp, true-rotations), over the
  // rows done.
  std::vector<RotatedDigitMethodSummary> summaries;
  const RotatedDigitMethodSummary& summary(const std::string& method) const;
  double seconds = 0.0;
};

// Throws InvalidArgumentError when the pairs ask for digits beyond the set. `control.progress`
// gets (pairs done / pairs, pair, 0); cancellation stops between and inside pairs.
RotatedDigitEvaluationResult evaluateRotatedDigits(const IdxDataset& dataset,
                                                   const RotatedDigitEvaluationOptions& options,
                                                   const SolverControl& control = {});

// One line per pair and method: pair,digit_index,label,from_angle,to_angle,method,mean_mse,...
// (docs/rotated-mnist.md names every column).
std::string toCsv(const RotatedDigitEvaluationResult& result);

}  // namespace geodex
