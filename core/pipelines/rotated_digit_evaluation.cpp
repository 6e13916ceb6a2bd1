#include "core/pipelines/rotated_digit_evaluation.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/data/rotated_mnist.h"
#include "core/util/errors.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

void checkOptions(const RotatedDigitEvaluationOptions& options, const IdxImages& images) {
  if (options.pairs < 1) throw InvalidArgumentError("--pairs must be ≥ 1");
  if (options.anglePairs.empty())
    throw InvalidArgumentError("the evaluation needs at least one angle pair");
  if (options.firstPair < 0) throw InvalidArgumentError("--first-pair must be ≥ 0");
  if (options.firstDigit < 0 ||
      options.firstDigit + options.firstPair + options.pairs > images.count)
    throw InvalidArgumentError("--first-digit/--pairs ask for digits beyond the " +
                               std::to_string(images.count) + " in the file");
}

// Pair p: its digit, angles and noise seed, every method's row (paths and images dropped).
RotatedDigitEvaluationRow evaluatePair(const IdxDataset& dataset,
                                       const RotatedDigitEvaluationOptions& options, int p,
                                       const SolverControl& control) {
  const IdxImages& images = dataset.images;
  RotatedDigitGeodesicOptions o = options.experiment;
  const int index = options.firstDigit + p;
  const auto& angles = options.anglePairs[std::size_t(p) % options.anglePairs.size()];
  o.fromAngle = angles.first;
  o.toAngle = angles.second;
  o.seed = options.experiment.seed + std::uint64_t(p);
  if (usesGraphStart(o) && o.model && !o.graphImages) {
    if (!options.graphPool)
      throw InvalidArgumentError("the graph start with a model needs a pool of training digits");
    const Eigen::VectorXd digit = idxImageVector(images, index);
    o.graphImages = nearestPoolDigits(*options.graphPool, digit, digit, images.rows, images.cols,
                                      o, options.graphDigits);
  }
  RotatedDigitGeodesicResult r = computeRotatedDigitGeodesic(
      idxImageVector(images, index), images.rows, images.cols, o, control.cancelOnly());
  RotatedDigitEvaluationRow row;
  row.pair = p;
  row.digitIndex = index;
  row.label = index < int(dataset.labels.size()) ? dataset.labels[index] : 0;
  row.fromAngle = o.fromAngle;
  row.toAngle = o.toAngle;
  // The methods, LERP, SLERP, then the noisy true rotations as the reference row.
  r.methods.push_back(std::move(r.trueRotations));
  for (auto& m : r.methods) {
    m.path.resize(0, 0);
    m.images.resize(0, 0);
    row.methods.push_back(std::move(m));
  }
  return row;
}

// One method's means over the rows, and how often it beats LERP on the same pair.
RotatedDigitMethodSummary summarise(const std::string& method,
                                    const std::vector<RotatedDigitEvaluationRow>& rows,
                                    int points) {
  const double n = double(std::max<std::size_t>(rows.size(), 1));
  RotatedDigitMethodSummary s;
  s.method = method;
  std::vector<double> ratios;
  for (const auto& row : rows) {
    const RotatedDigitMethodResult* lerp = nullptr;
    for (const auto& m : row.methods)
      if (m.method == "lerp") lerp = &m;
    const double evenStep = std::abs(row.toAngle - row.fromAngle) / (points - 1);
    for (const auto& m : row.methods) {
      if (m.method != s.method) continue;
      s.meanMse += m.meanMse / n;
      s.meanSsim += m.meanSsim / n;
      s.meanMseToEvenTruth += m.meanMseToEvenTruth / n;
      s.meanAngleError += m.meanAngleError / n;
      s.meanLargestAngleStep += m.largestAngleStep / n;
      s.meanLargestStepOverEven += m.largestAngleStep / evenStep / n;
      s.meanLength += m.length / n;
      s.meanRefinedLength += m.refinedLength / n;
      s.meanEnergy += m.energy / n;
      s.meanPullbackLength += m.pullbackLength / n;
      s.meanPullbackEnergy += m.pullbackEnergy / n;
      s.meanImageStepMaxOverMean += m.imageStepUniformity.maxOverMean / n;
      s.meanSeconds += m.seconds / n;
      s.meanScoreEvaluations += double(m.scoreEvaluations) / n;
      s.monotonic += m.monotonic ? 1 : 0;
      s.stepWithinTwiceEven += m.largestAngleStep <= 2.0 * evenStep + 1e-9 ? 1 : 0;
      if (!lerp) continue;
      s.beatsLerpMse += m.meanMse < lerp->meanMse ? 1 : 0;
      s.beatsLerpSsim += m.meanSsim > lerp->meanSsim ? 1 : 0;
      s.beatsLerpAngle += m.meanAngleError < lerp->meanAngleError ? 1 : 0;
      s.energyBelowLerp += m.energy < lerp->energy ? 1 : 0;
      s.pullbackEnergyBelowLerp += m.pullbackEnergy < lerp->pullbackEnergy ? 1 : 0;
      ratios.push_back(m.meanMse / std::max(lerp->meanMse, 1e-300));
    }
  }
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    const std::size_t k = ratios.size();
    s.medianMseRatio = k % 2 ? ratios[k / 2] : 0.5 * (ratios[k / 2 - 1] + ratios[k / 2]);
  }
  return s;
}

}  // namespace

RotatedDigitEvaluationResult evaluateRotatedDigits(const IdxDataset& dataset,
                                                   const RotatedDigitEvaluationOptions& options,
                                                   const SolverControl& control) {
  checkOptions(options, dataset.images);
  const Stopwatch start;
  RotatedDigitEvaluationResult result;
  for (int p = options.firstPair; p < options.firstPair + options.pairs; ++p) {
    control.throwIfCancelled("the evaluation");
    result.rows.push_back(evaluatePair(dataset, options, p, control));
    if (control.progress)
      control.progress(double(p + 1 - options.firstPair) / options.pairs, p, 0.0);
  }
  for (const RotatedDigitMethodResult& first : result.rows.front().methods)
    result.summaries.push_back(summarise(first.method, result.rows, options.experiment.points));
  result.seconds = start.seconds();
  return result;
}

const RotatedDigitMethodSummary& RotatedDigitEvaluationResult::summary(
    const std::string& method) const {
  for (const auto& s : summaries)
    if (s.method == method) return s;
  throw InvalidArgumentError("no method '" + method + "' in the evaluation");
}

std::string toCsv(const RotatedDigitEvaluationResult& result) {
  std::ostringstream csv;
  csv << "pair,digit_index,label,from_angle,to_angle,method,mean_mse,mean_ssim,monotonic,"
         "largest_angle_step,mean_angle_error,length,refined_length,energy,"
         "image_step_max_over_mean,mean_mse_even_truth,iterations,score_evaluations,seconds,"
         "graph_seconds,pullback_length,pullback_energy\n";
  csv << std::setprecision(6);
  for (const auto& row : result.rows)
    for (const auto& m : row.methods)
      csv << row.pair << "," << row.digitIndex << "," << row.label << "," << row.fromAngle << ","
          << row.toAngle << "," << m.method << "," << m.meanMse << "," << m.meanSsim << ","
          << (m.monotonic ? 1 : 0) << "," << m.largestAngleStep << "," << m.meanAngleError << ","
          << m.length << "," << m.refinedLength << "," << m.energy << ","
          << m.imageStepUniformity.maxOverMean << "," << m.meanMseToEvenTruth << "," << m.iterations
          << "," << m.scoreEvaluations << "," << m.seconds << "," << m.graphSeconds << ","
          << m.pullbackLength << "," << m.pullbackEnergy << "\n";
  return csv.str();
}

}  // namespace geodex
