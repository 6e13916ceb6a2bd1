#pragma once
// Metrics of an interpolation strip that need no pretrained network: how evenly the frames
// step (smoothness), how similar neighbours are (SSIM, PSNR, GMSD), and how natural each frame
// looks on its own (BRISQUE).
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

// Spread of a sequence of step sizes. A perfectly even walk has coefficientOfVariation 0 and
// maxOverMean 1; a jump shows as a large maxOverMean. All 0 for no steps (or all-zero steps).
struct StepUniformity {
  double mean = 0;
  double standardDeviation = 0;       // population
  double coefficientOfVariation = 0;  // standardDeviation / mean
  double maxOverMean = 0;
};
StepUniformity stepUniformity(const std::vector<double>& steps);

struct ImageSequenceMetricsOptions {
  bool brisque = true;
  std::string brisqueModelDir;  // empty: BrisqueScorer's default folders
  double psnrCapDecibels = 100.0;
};

struct ImageSequenceMetricsResult {
  // Between frame i and i + 1 (n − 1 entries each):
  std::vector<double> stepDistances;  // RMS difference over all RGB values, [0, 1] units
  std::vector<double> ssim;           // on luma; 1 = identical
  std::vector<double> psnr;           // dB over all RGB values; capped for identical frames
  std::vector<double> gmsd;           // on luma; 0 = identical
  StepUniformity uniformity;          // of stepDistances
  double pathLength = 0;              // Σ stepDistances
  // Per frame (n entries) when available; lower is better.
  std::vector<double> brisque;
  bool brisqueAvailable = false;
  std::string brisqueStatus;  // where the model came from, why it is unavailable, or "off"
};

// Frames must share one size and there must be at least one. Throws InvalidArgumentError
// otherwise. BRISQUE being unavailable is not an error (see brisqueStatus).
ImageSequenceMetricsResult evaluateImageSequence(const std::vector<RgbImage>& frames,
                                                 const ImageSequenceMetricsOptions& options = {});

}  // namespace geodex
