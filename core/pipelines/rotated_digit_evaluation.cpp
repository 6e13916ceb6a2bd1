#include "core/pipelines/rotated_digit_evaluation.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/data/rotated_mnist.h"
#include "core/util/errors.h"

namespace geodex {

RotatedDigitEvaluationResult evaluateRotatedDigits(const IdxDataset& dataset,
                                                   const RotatedDigitEvaluationOptions& options,
                                                   const SolverControl& control) {
  const IdxImages& images = dataset.images;
  if (options.pairs < 1) throw InvalidArgumentError("--pairs must be ≥ 1");
  if (options.anglePairs.empty())
    throw InvalidArgumentError("the evaluation needs at least one angle pair");
  if (options.firstDigit < 0 || options.firstDigit + options.pairs > images.count)
    throw InvalidArgumentError("--first-digit/--pairs ask for digits beyond the " +
                               std::to_string(images.count) + " in the file");
  const auto start = std::chrono::steady_clock::now();
  RotatedDigitEvaluationResult result;
  std::vector<double> ratios;
  for (int p = 0; p < options.pairs; ++p) {
    if (control.cancelled()) {
      result.cancelled = true;
      break;
    }
    RotatedDigitGeodesicOptions o = options.experiment;
    const int index = options.firstDigit + p;
    const auto& angles = options.anglePairs[std::size_t(p) % options.anglePairs.size()];
    o.fromAngle = angles.first;
    o.toAngle = angles.second;
    o.seed = options.experiment.seed + std::uint64_t(p);
    SolverControl inner;
    inner.cancel = control.cancel;
    RotatedDigitGeodesicResult r = computeRotatedDigitGeodesic(idxImageVector(images, index),
                                                               images.rows, images.cols, o, inner);
    if (r.cancelled) {
      result.cancelled = true;
      break;
    }
    RotatedDigitEvaluationRow row;
    row.pair = p;
    row.digitIndex = index;
    row.label = index < int(dataset.labels.size()) ? dataset.labels[index] : 0;
    row.fromAngle = o.fromAngle;
    row.toAngle = o.toAngle;
    const auto& g = r.method("geodesic");
    const auto& l = r.method("lerp");
    result.geodesicBeatsLerpMse += g.meanMse < l.meanMse ? 1 : 0;
    result.geodesicBeatsLerpSsim += g.meanSsim > l.meanSsim ? 1 : 0;
    ratios.push_back(g.meanMse / std::max(l.meanMse, 1e-300));
    for (auto& m : r.methods) {
      m.path.resize(0, 0);
      m.images.resize(0, 0);
      row.methods.push_back(std::move(m));
    }
    result.rows.push_back(std::move(row));
    if (control.progress) control.progress(double(p + 1) / options.pairs, p, 0.0);
  }
  const double n = double(std::max<std::size_t>(result.rows.size(), 1));
  for (const char* name : {"geodesic", "lerp", "slerp"}) {
    RotatedDigitMethodSummary s;
    s.method = name;
    for (const auto& row : result.rows)
      for (const auto& m : row.methods)
        if (m.method == name) {
          s.meanMse += m.meanMse / n;
          s.meanSsim += m.meanSsim / n;
          s.meanAngleError += m.meanAngleError / n;
          s.meanLargestAngleStep += m.largestAngleStep / n;
          s.meanLength += m.length / n;
          s.meanRefinedLength += m.refinedLength / n;
          s.meanEnergy += m.energy / n;
          s.meanImageStepMaxOverMean += m.imageStepUniformity.maxOverMean / n;
          s.monotonic += m.monotonic ? 1 : 0;
        }
    result.summaries.push_back(s);
  }
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    const std::size_t k = ratios.size();
    result.medianMseRatio = k % 2 ? ratios[k / 2] : 0.5 * (ratios[k / 2 - 1] + ratios[k / 2]);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string toCsv(const RotatedDigitEvaluationResult& result) {
  std::ostringstream csv;
  csv << "pair,digit_index,label,from_angle,to_angle,method,mean_mse,mean_ssim,monotonic,"
         "largest_angle_step,mean_angle_error,length,refined_length,energy,image_step_max_over_mean\n";
  csv << std::setprecision(6);
  for (const auto& row : result.rows)
    for (const auto& m : row.methods)
      csv << row.pair << "," << row.digitIndex << "," << row.label << "," << row.fromAngle << ","
          << row.toAngle << "," << m.method << "," << m.meanMse << "," << m.meanSsim << ","
          << (m.monotonic ? 1 : 0) << "," << m.largestAngleStep << "," << m.meanAngleError << ","
          << m.length << "," << m.refinedLength << "," << m.energy << ","
          << m.imageStepUniformity.maxOverMean << "\n";
  return csv.str();
}

}  // namespace geodex
