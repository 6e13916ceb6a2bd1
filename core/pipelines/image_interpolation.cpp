#include "core/pipelines/image_interpolation.h"

#include <cmath>
#include <memory>

#include "core/data/image_io.h"
#include "core/diffusion/ddim_sampler.h"
#include "core/diffusion/epsilon_score_model.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/segment_quadrature_metric.h"
#include "core/score/chunked_score_model.h"
#include "core/score/torch_score_model.h"
#include "core/util/enum_names.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/process_memory.h"
#include "core/util/stopwatch.h"
#include "core/util/torch_threads.h"

namespace geodex {

// As users type them (options, JSON, menus).
static const EnumNames<InterpolationMethod> kMethodNames = {
    {InterpolationMethod::Geodesic, "geodesic"}, {InterpolationMethod::Lerp, "lerp"},
    {InterpolationMethod::Slerp, "slerp"}, {InterpolationMethod::NoiseDiffusion, "noisediffusion"}};
InterpolationMethod parseInterpolationMethod(const std::string& text) { return parseEnumName(kMethodNames, text, "interpolation method"); }
std::string toString(InterpolationMethod method) { return enumName(kMethodNames, method); }

namespace {

// Latent columns [d × n] → a batch [n, C, h, w] (float64, CPU copy).
torch::Tensor toBatch(const Eigen::MatrixXd& columns, const std::vector<std::int64_t>& latentShape) {
  std::vector<std::int64_t> shape{columns.cols()};
  shape.insert(shape.end(), latentShape.begin(), latentShape.end());
  return torch::from_blob(const_cast<double*>(columns.data()), shape, torch::kFloat64).clone();
}

Eigen::MatrixXd toColumns(const torch::Tensor& batch) {
  return TorchScoreModel::toColumns(batch.reshape({batch.size(0), -1}));
}

// The run's largest allocations are attention scores at the latent's resolution, [batch, heads,
// N, N] floats for N latent pixels, kept for the score's vector-Jacobian product (scores,
// softmax and its gradient: three of them). They grow as the image side to the fourth power,
// so they are checked before the first forward pass: the U-Net's at its first level with
// attention (8 heads where the model does not say), and the VAE's middle block at the latent's
// own resolution (one head, one image).
void checkAttentionMemory(const StableDiffusionModel& model, int chunk) {
  const std::vector<std::int64_t>& shape = model.latentShape();
  const double pixels = double(shape[1]) * double(shape[2]);
  double unetPixels = pixels;
  int heads = 8;
  if (const auto& a = model.info().architecture) {
    const SdUnetConfig& u = a->unet;
    heads = 0;
    for (int level = 0; level < u.levels() && heads == 0; ++level)
      if (u.attention[std::size_t(level)])
        heads = u.headsAt(level, u.modelChannels * u.channelMult[std::size_t(level)]);
      else
        unetPixels /= 4.0;
  }
  const double element = model.info().computeDtype == "float16" ? 2.0 : 4.0;
  const double unetBytes = 3.0 * chunk * heads * unetPixels * unetPixels * element;
  const double vaeBytes = 2.0 * pixels * pixels * element;
  const std::string size = std::to_string(model.imageSize());
  const std::string advice = "use a smaller --image-size (the attention grows as its 4th power)";
  checkAllocation("the VAE's attention for a " + size + "×" + size + " image", vaeBytes, advice);
  checkAllocation("the U-Net's attention for " + size + "×" + size + " images (" +
                      std::to_string(chunk) + " at a time, " + std::to_string(heads) + " heads)",
                  unetBytes, advice);
}

// What depends on the model: its schedule bounds t and the DDIM steps, its image size the frames.
void checkOptionsForModel(const ImageInterpolationOptions& o, const NoiseSchedule& schedule,
                          int imageSize) {
  o.validate();
  const double frameBytes = 3.0 * 4.0 * imageSize * double(imageSize);
  const double framesBytes = frameBytes * o.points * double(o.methods.size());
  if (framesBytes > double(ImageInterpolationOptions::kMaxFrameBytes))
    throw InvalidArgumentError(std::to_string(o.points) + " points × " +
                               std::to_string(o.methods.size()) + " methods of " +
                               std::to_string(imageSize) + "² frames need " +
                               byteCount(std::uint64_t(framesBytes)) + ", more than the " +
                               byteCount(ImageInterpolationOptions::kMaxFrameBytes) +
                               " geodex allows: use fewer points or methods");
  if (o.ddimSteps > schedule.timesteps())
    throw InvalidArgumentError("DDIM takes 1 to " + std::to_string(schedule.timesteps()) +
                               " steps (the model's T), got " + std::to_string(o.ddimSteps));
  if (o.timestep >= schedule.timesteps())
    throw InvalidArgumentError(
        "the diffusion level t must be in [1, " + std::to_string(schedule.timesteps() - 1) +
        "] (or −1 for the paper's level), got " + std::to_string(o.timestep));
}

// Progress over the whole pipeline: stages carry weights, work inside a stage reports a fraction.
class PipelineProgress {
 public:
  PipelineProgress(const SolverControl& control, double total) : control_(control), total_(total) {}
  void report(double stageFraction, double energy = 0.0) const {
    if (control_.progress)
      control_.progress(std::min(1.0, (done_ + stageFraction * weight_) / total_), stage_, energy);
  }
  void begin(double weight) { weight_ = weight; }
  void end() {
    done_ += weight_;
    ++stage_;
    report(0.0);
  }

 private:
  const SolverControl& control_;
  double total_;
  double done_ = 0.0;
  double weight_ = 0.0;
  int stage_ = 0;
};

// Relative cost of the stages (the geodesic solve dominates, DDIM next).
constexpr double kEncodeWeight = 1.0;
constexpr double kGeodesicWeight = 10.0;
constexpr double kBaselineWeight = 0.2;
constexpr double kDenoiseWeight = 5.0;
constexpr double kDecodeWeight = 1.0;

}  // namespace

void ImageInterpolationOptions::validate() const {
  if (methods.empty()) throw InvalidArgumentError("choose at least one interpolation method");
  // The point limit holds for the baselines as for the geodesic: each keeps points × d latents
  // and points frames.
  if (points < 3 || points > kMaxPoints)
    throw InvalidArgumentError("an interpolation takes 3 to " + std::to_string(kMaxPoints) +
                               " points, got " + std::to_string(points));
  checkedMetricOptions(metric);
  if (ddimSteps < 1)
    throw InvalidArgumentError("DDIM needs at least 1 step, got " + std::to_string(ddimSteps));
  if (chunkSize < 0 || chunkSize > 1024)
    throw InvalidArgumentError("the chunk size must be 0 (auto) to 1024, got " +
                               std::to_string(chunkSize));
  if (iterations < 0 || iterations > 1'000'000)
    throw InvalidArgumentError("iterations must be 0 (the solver's default) to 1000000, got " +
                               std::to_string(iterations));
  if (timestep != -1 && timestep < 1)
    throw InvalidArgumentError(
        "the diffusion level t must be at least 1 (or −1 for the paper's "
        "level), got " +
        std::to_string(timestep));
  if (threads < 0 || threads > 1024)
    throw InvalidArgumentError("threads must be 0 (all cores) to 1024, got " +
                               std::to_string(threads));
  (void)RefinedPolygon(refinement);  // throws for pieces outside [1, RefinedPolygon::kMaxPieces]
}

namespace {

// The score's batch: the solver asks for the score (and its VJP) at all midpoints at once.
int chunkSizeFor(const StableDiffusionModel& model, const ImageInterpolationOptions& options) {
  if (options.chunkSize > 0) return options.chunkSize;
  const std::vector<std::int64_t>& shape = model.latentShape();
  return shape[1] * shape[2] <= 32 * 32 || model.deviceName() != "cpu" ? 2 : 1;
}

// The level the paths live at: the option, or the paper's t scaled to the model's schedule.
int levelFor(const NoiseSchedule& schedule, const ImageInterpolationOptions& options) {
  const int t = options.timestep >= 0
                    ? options.timestep
                    : std::max(1, static_cast<int>(std::lround(NoiseSchedule::kPaperTimestep *
                                                               schedule.timesteps() / 1000.0)));
  if (t >= schedule.timesteps())
    throw InvalidArgumentError("the model's schedule has " + std::to_string(schedule.timesteps()) +
                               " timesteps, too few for the default level t: pass one");
  return t;
}

// Encode both images, then take both ends to level t with one ε: the paths live among noisy
// latents.
void encodeEnds(const StableDiffusionModel& model, const RgbImage& imageA, const RgbImage& imageB,
                std::uint64_t seed, ImageInterpolationResult& result) {
  const std::vector<std::int64_t>& shape = model.latentShape();
  result.inputA = resizeCentreCrop(imageA, model.imageSize());
  result.inputB = resizeCentreCrop(imageB, model.imageSize());
  result.cleanA = model.encode(result.inputA);
  result.cleanB = model.encode(result.inputB);
  const SharedNoisePerturbation noisy =
      perturbWithSharedNoise(toBatch(result.cleanA, shape), toBatch(result.cleanB, shape),
                             model.schedule(), result.timestep, seed);
  result.noisyA = toColumns(noisy.first);
  result.noisyB = toColumns(noisy.second);
  result.noise = toColumns(noisy.noise);
}

// The geodesic's options; with reference images, their latents at level t as the graph's nodes
// (x_t = √ᾱ·x₀ + √(1−ᾱ)·ε with the ends' ε: a reference is noisyA moved by its clean offset).
GeodesicOptions geodesicOptionsFor(const StableDiffusionModel& model,
                                   const ImageInterpolationOptions& options,
                                   const ImageInterpolationResult& result,
                                   const SolverControl& control) {
  GeodesicOptions geodesic;
  geodesic.solver = options.solver;
  geodesic.points = options.points;
  geodesic.initialization = PathInitialization::Slerp;
  if (options.iterations > 0) {
    geodesic.maxIterations = options.iterations;
    geodesic.adamIterations = options.iterations;
  }
  if (options.graphImages.empty()) return geodesic;
  const double scale = model.schedule().signalScale(result.timestep);
  Eigen::MatrixXd references(result.cleanA.size(), Eigen::Index(options.graphImages.size()));
  for (std::size_t k = 0; k < options.graphImages.size(); ++k) {
    control.throwIfCancelled("the interpolation");
    const Eigen::VectorXd clean =
        model.encode(resizeCentreCrop(options.graphImages[k], model.imageSize()));
    references.col(Eigen::Index(k)) = result.noisyA + scale * (clean - result.cleanA);
  }
  geodesic.initialization = PathInitialization::Graph;
  geodesic.graphReferences = std::make_shared<const Eigen::MatrixXd>(std::move(references));
  geodesic.graph = options.graph;
  geodesic.graph.referenceLabel = "reference images (--graph-images)";
  return geodesic;
}

// A baseline's latent path, measured under the metric the geodesic minimises (lengths compare
// across methods).
void baselinePath(InterpolationMethod method, const ImageInterpolationOptions& options,
                  const ImageInterpolationResult& result, const PathEnergy& pathEnergy,
                  ImageInterpolationPath& path) {
  if (method == InterpolationMethod::Lerp) {
    path.latents = lerpPath(result.noisyA, result.noisyB, options.points);
  } else if (method == InterpolationMethod::Slerp) {
    path.latents = slerpPath(result.noisyA, result.noisyB, options.points);
  } else {
    NoiseDiffusionOptions nd = options.noiseDiffusion;
    if (nd.noise.size() == 0) nd.noise = result.noise;  // the pipeline's shared ε
    path.latents = noiseDiffusionPath(result.noisyA, result.noisyB, result.cleanA, result.cleanB,
                                      result.alphaBar, options.points, nd);
  }
  const PathEnergyEvaluation evaluation = pathEnergy.evaluate(path.latents, false);
  path.energy = evaluation.energy;
  path.length = evaluation.length;
}

// What one method needs besides its options: built once per run.
struct InterpolationStages {
  const StableDiffusionModel& model;
  const ImageInterpolationOptions& options;
  const Metric& metric;
  const PathEnergy& pathEnergy;
  const RefinedPolygon& refinement;
  const DdimSampler& sampler;
  PipelineProgress& progress;
  const SolverControl& control;

  // The method's latent path (solved or built), its lengths, its frames.
  ImageInterpolationPath run(InterpolationMethod method, ImageInterpolationResult& result) const {
    const Stopwatch methodStart;
    ImageInterpolationPath path;
    path.method = method;
    if (method == InterpolationMethod::Geodesic) {
      progress.begin(kGeodesicWeight);
      solveGeodesic(result, path);
    } else {
      progress.begin(kBaselineWeight);
      baselinePath(method, options, result, pathEnergy, path);
    }
    control.throwIfCancelled("the interpolation");
    path.refinedLength = pathEnergy.refinedLength(path.latents, refinement);
    progress.end();
    denoiseAndDecode(result, path);
    path.seconds = methodStart.seconds();
    return path;
  }

 private:
  void solveGeodesic(const ImageInterpolationResult& result, ImageInterpolationPath& path) const {
    const GeodesicOptions geodesic = geodesicOptionsFor(model, options, result, control);
    SolverControl inner = control.cancelOnly();
    inner.snapshot = control.snapshot;
    inner.snapshotEvery = control.snapshotEvery;
    inner.progress = [this](double fraction, int, double energy) {
      progress.report(fraction, energy);
    };
    path.solver = GeodesicSolver(metric, geodesic).solve(result.noisyA, result.noisyB, inner);
    path.latents = path.solver.path;
    path.energy = path.solver.energy;
    path.length = path.solver.length;
  }

  // Every path point to a clean latent (deterministic DDIM), then to pixels.
  void denoiseAndDecode(ImageInterpolationResult& result, ImageInterpolationPath& path) const {
    progress.begin(kDenoiseWeight);
    SolverControl ddimControl = control.cancelOnly();
    ddimControl.progress = [this](double fraction, int, double) { progress.report(fraction); };
    const DdimResult denoised =
        sampler.denoise(toBatch(path.latents, model.latentShape()), result.timestep, ddimControl);
    result.modelEvaluations += denoised.modelEvaluations;
    progress.end();
    control.throwIfCancelled("the interpolation");
    progress.begin(kDecodeWeight);
    path.frames = model.decode(toColumns(denoised.samples));
    if (options.metrics) path.metrics = evaluateImageSequence(path.frames, options.metricsOptions);
    progress.end();
  }
};

}  // namespace

ImageInterpolationResult interpolateImages(const StableDiffusionModel& model, const RgbImage& imageA,
                                           const RgbImage& imageB,
                                           const ImageInterpolationOptions& options,
                                           const SolverControl& control) {
  const Stopwatch start;
  const NoiseSchedule& schedule = model.schedule();
  checkOptionsForModel(options, schedule, model.imageSize());
  const int chunk = chunkSizeFor(model, options);
  checkAttentionMemory(model, chunk);
  const int t = levelFor(schedule, options);
  const ScopedTorchThreads threads(options.threads);

  double total = kEncodeWeight;
  for (const InterpolationMethod m : options.methods)
    total += (m == InterpolationMethod::Geodesic ? kGeodesicWeight : kBaselineWeight) +
             kDenoiseWeight + kDecodeWeight;
  PipelineProgress progress(control, total);

  ImageInterpolationResult result;
  result.timestep = t;
  result.alphaBar = schedule.alphaBar(t);
  control.throwIfCancelled("the interpolation");
  progress.begin(kEncodeWeight);
  encodeEnds(model, imageA, imageB, options.seed, result);
  progress.end();

  const auto score = std::make_shared<ChunkedScoreModel>(
      std::shared_ptr<const ScoreModel>(makeEpsilonScoreModel(model.unet(), schedule, t)), chunk);
  const std::unique_ptr<Metric> metric =
      makeMetric(options.metric, score, int(result.cleanA.size()));
  const PathEnergy pathEnergy(*metric);
  const RefinedPolygon refinement(options.refinement);
  DdimOptions ddimOptions;
  ddimOptions.steps = options.ddimSteps;
  ddimOptions.batchSize = chunk;
  ddimOptions.threads = options.threads;
  const DdimSampler sampler(*model.unet(), schedule, ddimOptions);
  const InterpolationStages stages{model,   options,  *metric, pathEnergy, refinement,
                                   sampler, progress, control};
  for (const InterpolationMethod method : options.methods) {
    control.throwIfCancelled("the interpolation");
    result.paths.push_back(stages.run(method, result));
  }
  result.seconds = start.seconds();
  return result;
}

}  // namespace geodex
