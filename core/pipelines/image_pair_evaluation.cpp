#include "core/pipelines/image_pair_evaluation.h"

#include <filesystem>
#include <set>

#include "core/data/image_io.h"
#include "core/eval/fid_kid.h"
#include "core/eval/inception_scorer.h"
#include "core/eval/lpips_scorer.h"
#include "core/util/errors.h"

namespace geodex {

const char* const kImageFidKidProtocol =
    "MorphBench-style: per method, FID and KID between the set of all interior frames (ends "
    "excluded) of all pairs and the set of all distinct input images fitted to the model's "
    "square; features from the --inception module; KID = unbiased MMD² with k(x,y) = "
    "(xᵀy/F + 1)³ over the whole sets";

namespace {

std::string canonical(const std::string& path) {
  return std::filesystem::weakly_canonical(path).string();
}

// Rows [n × F] appended below `into`.
void appendRows(Eigen::MatrixXd& into, const Eigen::MatrixXd& rows) {
  if (into.size() == 0) {
    into = rows;
    return;
  }
  into.conservativeResize(into.rows() + rows.rows(), Eigen::NoChange);
  into.bottomRows(rows.rows()) = rows;
}

// Inception features of what FID/KID compare, gathered pair by pair so that only features, not
// frames, are kept across pairs.
struct FeatureSets {
  std::vector<Eigen::MatrixXd> interior;  // per method: [interior frames of all pairs × F]
  Eigen::MatrixXd inputs;                 // [distinct input images × F]
  std::set<std::string> inputPaths;

  void add(const InceptionScorer& scorer, const ImagePair& pair,
           const ImageInterpolationResult& r) {
    interior.resize(r.paths.size());
    for (std::size_t m = 0; m < r.paths.size(); ++m) {
      const std::vector<RgbImage>& frames = r.paths[m].frames;
      appendRows(interior[m],
                 scorer.features(std::vector<RgbImage>(frames.begin() + 1, frames.end() - 1)));
    }
    for (const auto& [path, image] : {std::pair{pair.a, &r.inputA}, std::pair{pair.b, &r.inputB}})
      if (inputPaths.insert(canonical(path)).second) appendRows(inputs, scorer.features({*image}));
  }
};

// The pair's result without what the report does not need: the latent paths, and the frames
// and fitted inputs unless they are kept.
void slim(ImageInterpolationResult& result, bool keepFrames) {
  for (ImageInterpolationPath& path : result.paths) {
    path.latents.resize(0, 0);
    if (!keepFrames) path.frames.clear();
  }
  if (!keepFrames) result.inputA = result.inputB = RgbImage();
}

}  // namespace

std::size_t distinctImages(const std::vector<ImagePair>& pairs) {
  std::set<std::string> paths;
  for (const ImagePair& pair : pairs)
    for (const std::string& path : {pair.a, pair.b}) paths.insert(canonical(path));
  return paths.size();
}

void checkFidKidSizes(const std::vector<ImagePair>& pairs, int points) {
  const std::size_t interior = pairs.size() * std::size_t(std::max(points - 2, 0));
  if (interior < 2 || distinctImages(pairs) < 2)
    throw InvalidArgumentError(
        "--inception: FID/KID need at least 2 interior frames and 2 distinct "
        "input images, got " +
        std::to_string(interior) + " and " + std::to_string(distinctImages(pairs)) +
        " (use --pairs, more --points)");
}

ImagePairEvaluationResult evaluateImagePairs(
    const StableDiffusionModel& model, const std::vector<ImagePair>& pairs,
    const ImagePairEvaluationOptions& options, const SolverControl& control,
    const std::function<void(std::size_t)>& pairStarted,
    const std::function<void(const ImagePairRun&)>& pairDone) {
  ImagePairEvaluationResult out;
  FeatureSets features;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    if (pairStarted) pairStarted(p);
    ImagePairRun run;
    run.pair = pairs[p];
    run.result = interpolateImages(model, loadRgbImage(pairs[p].a), loadRgbImage(pairs[p].b),
                                   options.interpolation, control);
    out.seconds += run.result.seconds;
    out.modelEvaluations += run.result.modelEvaluations;
    if (options.inception) features.add(*options.inception, pairs[p], run.result);
    if (options.lpips)
      for (const ImageInterpolationPath& path : run.result.paths)
        run.lpipsSteps.push_back(options.lpips->steps(path.frames));
    if (pairDone) pairDone(run);
    slim(run.result, options.keepFrames);
    out.pairs.push_back(std::move(run));
  }
  if (out.pairs.empty()) return out;

  // Per method: the means over the pairs and, with an Inception, FID/KID.
  const std::vector<ImageInterpolationPath>& first = out.pairs.front().result.paths;
  const double n = double(out.pairs.size());
  for (std::size_t m = 0; m < first.size(); ++m) {
    ImageMethodSummary summary;
    summary.method = first[m].method;
    for (const ImagePairRun& run : out.pairs) {
      const ImageInterpolationPath& path = run.result.paths[m];
      summary.meanLength += path.length / n;
      summary.meanEnergy += path.energy / n;
      summary.meanPixelPathLength += path.metrics.pathLength / n;
    }
    if (options.inception) {
      summary.fid = frechetInceptionDistance(features.interior[m], features.inputs);
      summary.kid = kernelInceptionDistance(features.interior[m], features.inputs);
    }
    out.methods.push_back(summary);
  }
  if (options.inception) {
    out.fidKid = true;
    out.featureSize = options.inception->featureSize();
    out.interiorFramesPerMethod = int(features.interior.front().rows());
    out.inputImages = int(features.inputs.rows());
  }
  return out;
}

}  // namespace geodex
