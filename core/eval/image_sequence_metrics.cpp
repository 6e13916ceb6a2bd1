#include "core/eval/image_sequence_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/eval/brisque_scorer.h"
#include "core/eval/image_metrics.h"
#include "core/util/errors.h"

namespace geodex {

StepUniformity stepUniformity(const std::vector<double>& steps) {
  StepUniformity u;
  if (steps.empty()) return u;
  u.mean = std::accumulate(steps.begin(), steps.end(), 0.0) / double(steps.size());
  double squares = 0;
  for (double s : steps) squares += (s - u.mean) * (s - u.mean);
  u.standardDeviation = std::sqrt(squares / double(steps.size()));
  if (u.mean > 0) {
    u.coefficientOfVariation = u.standardDeviation / u.mean;
    u.maxOverMean = *std::max_element(steps.begin(), steps.end()) / u.mean;
  }
  return u;
}

ImageSequenceMetricsResult evaluateImageSequence(const std::vector<RgbImage>& frames,
                                                 const ImageSequenceMetricsOptions& options) {
  if (frames.empty()) throw InvalidArgumentError("image sequence metrics: no frames");
  const int rows = frames[0].rows, cols = frames[0].cols;
  for (const RgbImage& frame : frames)
    if (frame.empty() || frame.rows != rows || frame.cols != cols)
      throw InvalidArgumentError("image sequence metrics: all frames need the same size, got " +
                                 std::to_string(rows) + "×" + std::to_string(cols) + " and " +
                                 std::to_string(frame.rows) + "×" + std::to_string(frame.cols));
  ImageSequenceMetricsResult result;
  std::vector<Eigen::VectorXd> lumas, values;
  for (const RgbImage& frame : frames) {
    lumas.push_back(frame.luma());
    values.push_back(frame.pixels.cast<double>());
  }
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
    result.stepDistances.push_back(std::sqrt(meanSquaredError(values[i], values[i + 1])));
    result.psnr.push_back(
        peakSignalToNoiseRatio(values[i], values[i + 1], options.psnrCapDecibels));
    result.ssim.push_back(structuralSimilarity(lumas[i], lumas[i + 1], rows, cols));
    result.gmsd.push_back(gradientMagnitudeSimilarityDeviation(lumas[i], lumas[i + 1], rows, cols));
  }
  result.uniformity = stepUniformity(result.stepDistances);
  result.pathLength =
      std::accumulate(result.stepDistances.begin(), result.stepDistances.end(), 0.0);
  if (!options.brisque) {
    result.brisqueStatus = "off";
    return result;
  }
  BrisqueScorer scorer(options.brisqueModelDir);
  result.brisqueAvailable = scorer.available();
  result.brisqueStatus = scorer.status();
  if (scorer.available())
    for (const RgbImage& frame : frames) result.brisque.push_back(scorer.score(frame));
  return result;
}

}  // namespace geodex
