#pragma once
// The image interpolation over many pairs (MorphBench-style): every method on every pair, the
// per-method means over the pairs, per-step LPIPS with a user-supplied LPIPS module, and FID/KID
// of all interior frames (ends excluded) of all pairs against all distinct input images with a
// user-supplied Inception. Only figures and Inception features are kept across pairs, unless
// `keepFrames` (strips, animations) asks for the frames too. Torch-free header.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/data/image_pair_list.h"
#include "core/pipelines/image_interpolation.h"

namespace geodex {

class InceptionScorer;
class LpipsScorer;
class StableDiffusionModel;

// How FID/KID are computed, for reports.
extern const char* const kImageFidKidProtocol;

struct ImagePairEvaluationOptions {
  ImageInterpolationOptions interpolation;
  const LpipsScorer* lpips = nullptr;          // per-step LPIPS of every path when given
  const InceptionScorer* inception = nullptr;  // per-method FID/KID when given
  bool keepFrames = false;  // keep every pair's frames and fitted inputs (latent paths are dropped)
};

// One pair's outcome.
struct ImagePairRun {
  ImagePair pair;
  ImageInterpolationResult result;
  std::vector<std::vector<double>>
      lpipsSteps;  // per path, in result.paths order; empty without LPIPS
};

struct ImageMethodSummary {
  InterpolationMethod method = InterpolationMethod::Geodesic;
  double meanLength = 0.0;  // latent length under the metric, over the pairs
  double meanEnergy = 0.0;
  double meanPixelPathLength = 0.0;  // ImageSequenceMetricsResult::pathLength
  double fid = 0.0, kid = 0.0;       // interior frames vs inputs (with an Inception only)
};

struct ImagePairEvaluationResult {
  std::vector<ImagePairRun> pairs;
  std::vector<ImageMethodSummary> methods;  // in options.interpolation.methods order
  bool fidKid = false;                      // fid and kid are filled
  int featureSize = 0;                      // F of the Inception features
  int interiorFramesPerMethod = 0;
  int inputImages = 0;             // distinct input files
  long long modelEvaluations = 0;  // U-Net samples of all DDIM passes
  double seconds = 0.0;            // the pairs' pipelines together
};

// Distinct files among the pairs' images (one file named twice counts once).
std::size_t distinctImages(const std::vector<ImagePair>& pairs);
// Throws InvalidArgumentError when FID/KID could not be computed for these pairs and points
// (fewer than 2 interior frames or 2 distinct inputs): call before loading models.
void checkFidKidSizes(const std::vector<ImagePair>& pairs, int points);

// `pairStarted(index)` and `pairDone(run)` let a caller report as it goes; `control` goes to
// every pair's pipeline (its progress restarts per pair). Throws what interpolateImages throws.
ImagePairEvaluationResult evaluateImagePairs(
    const StableDiffusionModel& model, const std::vector<ImagePair>& pairs,
    const ImagePairEvaluationOptions& options, const SolverControl& control = {},
    const std::function<void(std::size_t index)>& pairStarted = {},
    const std::function<void(const ImagePairRun& run)>& pairDone = {});

}  // namespace geodex
