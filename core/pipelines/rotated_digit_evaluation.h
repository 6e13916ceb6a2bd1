#pragma once
// The Rotated MNIST evaluation: computeRotatedDigitGeodesic over many digit/angle pairs, with the
// per-pair figures of every method and their means, and a CSV form (docs/mnist_eval.csv).
#include <string>
#include <utility>
#include <vector>

#include "core/data/idx_file.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/solver_control.h"

namespace geodex {

struct RotatedDigitEvaluationOptions {
  int pairs = 20;
  int firstDigit = 0;  // pair p uses digit firstDigit + p
  // Pair p uses anglePairs[p % size]: quarter turns, smaller and larger arcs, negative angles.
  std::vector<std::pair<double, double>> anglePairs = {
      {0, 90}, {0, 60}, {-45, 45}, {0, 120}, {30, 90}};
  RotatedDigitGeodesicOptions
      experiment;  // its angles are set per pair; its seed + p is the noise seed
};

struct RotatedDigitEvaluationRow {
  int pair = 0;
  int digitIndex = 0;
  int label = 0;
  double fromAngle = 0.0, toAngle = 0.0;
  std::vector<RotatedDigitMethodResult> methods;  // without paths and images (kept small)
};

struct RotatedDigitMethodSummary {
  std::string method;
  double meanMse = 0.0, meanSsim = 0.0, meanAngleError = 0.0, meanLargestAngleStep = 0.0;
  double meanLength = 0.0, meanRefinedLength = 0.0, meanEnergy = 0.0;
  double meanImageStepMaxOverMean = 0.0;  // 1 = the denoised images change evenly
  int monotonic = 0;
};

struct RotatedDigitEvaluationResult {
  std::vector<RotatedDigitEvaluationRow> rows;
  std::vector<RotatedDigitMethodSummary> summaries;  // geodesic, lerp, slerp, over the rows done
  int geodesicBeatsLerpMse = 0;   // pairs where the geodesic's mean MSE is lower than LERP's
  int geodesicBeatsLerpSsim = 0;  // ... its mean SSIM higher
  double medianMseRatio = 0.0;    // median over pairs of geodesic MSE / LERP MSE
  bool cancelled = false;
  double seconds = 0.0;
};

// Throws InvalidArgumentError when the pairs ask for digits beyond the set. `control.progress`
// gets (pairs done / pairs, pair, 0); cancellation stops between and inside pairs.
RotatedDigitEvaluationResult evaluateRotatedDigits(const IdxDataset& dataset,
                                                   const RotatedDigitEvaluationOptions& options,
                                                   const SolverControl& control = {});

// One line per pair and method: pair,digit_index,label,from_angle,to_angle,method,mean_mse,...
std::string toCsv(const RotatedDigitEvaluationResult& result);

}  // namespace geodex
