#include "core/pipelines/rotated_digit_geodesic.h"

#include <cmath>
#include <limits>
#include <random>

#include "core/data/nearest_rotated_digits.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric_registry.h"
#include "core/geometry/path_energy.h"
#include "core/geometry/refined_polygon.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/segment_quadrature_metric.h"
#include "core/score/rotated_digit_score.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

void checkDigitSize(const Eigen::VectorXd& digit, int rows, int cols) {
  if (rows <= 0 || cols <= 0 || digit.size() != Eigen::Index(rows) * cols)
    throw InvalidArgumentError("the digit has " + std::to_string(digit.size()) + " pixels, not " +
                               std::to_string(rows) + "×" + std::to_string(cols));
}

// Bytes of `copies` rotated digits as doubles, against the stated limit.
void checkCopies(double copies, int rows, int cols, const std::string& what) {
  const double bytes = copies * rows * double(cols) * sizeof(double);
  if (bytes > double(RotatedDigitGeodesicOptions::kMaxImageBytes))
    throw InvalidArgumentError(what + " of " + std::to_string(rows) + "×" + std::to_string(cols) +
                               " digits need " + byteCount(std::uint64_t(bytes)) +
                               ", more than the " +
                               byteCount(RotatedDigitGeodesicOptions::kMaxImageBytes) +
                               " geodex allows (use fewer, or smaller digits)");
}

void validate(const RotatedDigitGeodesicOptions& o, int rows, int cols, int digits) {
  if (std::int64_t(rows) * cols > RotatedDigitGeodesicOptions::kMaxDigitPixels)
    throw InvalidArgumentError("digits of " + std::to_string(rows) + "×" + std::to_string(cols) +
                               " pixels are larger than the " +
                               std::to_string(RotatedDigitGeodesicOptions::kMaxDigitPixels) +
                               " pixels (256×256) the Rotated MNIST experiment takes");
  if (o.model) {
    if (o.model->rows() != rows || o.model->cols() != cols)
      throw InvalidArgumentError("the model takes " + std::to_string(o.model->rows()) + "×" +
                                 std::to_string(o.model->cols()) + " images, the digits are " +
                                 std::to_string(rows) + "×" + std::to_string(cols));
    checkModelLevel(o);
    if (o.annealFrom > 0.0)
      throw InvalidArgumentError("σ annealing (--anneal-from) works with the exact score only");
  }
  if (o.points < 3 || o.points > RotatedDigitGeodesicOptions::kMaxPoints)
    throw InvalidArgumentError("a path takes 3 to " +
                               std::to_string(RotatedDigitGeodesicOptions::kMaxPoints) +
                               " points, got " + std::to_string(o.points));
  if (!(o.sigma > 0.0) || !(o.sigma <= RotatedDigitGeodesicOptions::kMaxSigma))
    throw InvalidArgumentError("σ (--sigma) must be positive and at most " +
                               std::to_string(int(RotatedDigitGeodesicOptions::kMaxSigma)) +
                               ", got " + numberText(o.sigma));
  checkedMetricOptions(o.metric);
  if (o.rotations < 2 || o.rotations > RotatedDigitGeodesicOptions::kMaxRotations)
    throw InvalidArgumentError("--rotations must be 2 to " +
                               std::to_string(RotatedDigitGeodesicOptions::kMaxRotations) +
                               ", got " + std::to_string(o.rotations));
  if (!o.model)
    checkCopies(double(o.rotations) * digits, rows, cols,
                std::to_string(o.rotations) + " rotations");
  checkCopies(
      double(o.points) * (o.refinement + 4), rows, cols,
      std::to_string(o.points) + " path points refined " + std::to_string(o.refinement) + "×");
  if (!(o.annealFrom >= 0.0 && o.annealFrom <= RotatedDigitGeodesicOptions::kMaxSigma))
    throw InvalidArgumentError("--anneal-from must be 0 (off) or a σ up to " +
                               std::to_string(int(RotatedDigitGeodesicOptions::kMaxSigma)) +
                               ", got " + numberText(o.annealFrom));
  if (o.annealFrom > 0.0 && (o.annealSteps < 1 || o.annealSteps > 100))
    throw InvalidArgumentError("annealing takes 1 to 100 levels, got " +
                               std::to_string(o.annealSteps));
  if (!std::isfinite(o.fromAngle) || !std::isfinite(o.toAngle))
    throw InvalidArgumentError("the two angles must be finite");
  if (std::abs(o.toAngle - o.fromAngle) > 360.0)
    throw InvalidArgumentError("the angles must be at most 360° apart");
  if (o.refinement < 1 || o.refinement > RefinedPolygon::kMaxPieces)
    throw InvalidArgumentError("the refinement must be 1 to " +
                               std::to_string(RefinedPolygon::kMaxPieces) + ", got " +
                               std::to_string(o.refinement));
  if (!(o.truthStep >= 0.01 && o.truthStep <= 360.0))
    throw InvalidArgumentError("the ground-truth angle step must be 0.01° to 360°, got " +
                               numberText(o.truthStep));
  checkCopies(std::abs(o.toAngle - o.fromAngle) / o.truthStep + 2, rows, cols,
              "ground-truth rotations every " + numberText(o.truthStep) + "°");
  if (!std::isfinite(o.monotonicTolerance) || o.monotonicTolerance < 0.0)
    throw InvalidArgumentError("the monotonic tolerance must be a non-negative number of degrees");
  if (o.methods.empty()) throw InvalidArgumentError("name at least one geodesic method");
  if (usesGraphStart(o) && o.model && !o.graphImages)
    throw InvalidArgumentError(
        "the graph start with a model needs reference images (training digits: "
        "nearestRotatedDigits, or --graph-digits in geodex-cli)");
  if (o.graphImages && (o.graphImages->rows() != Eigen::Index(rows) * cols ||
                        o.graphImages->cols() < 1))
    throw InvalidArgumentError("the graph's reference images must be " + std::to_string(rows) +
                               "×" + std::to_string(cols) + " digits, got " +
                               std::to_string(o.graphImages->rows()) + " pixels");
}


// The clean images of the exact score's graph references: every digit's copies at `rotations`
// angles over the full turn.
Eigen::MatrixXd rotatedReferenceImages(const Eigen::MatrixXd& digits, int rows, int cols,
                                       int rotations) {
  const Eigen::VectorXd angles = evenlySpacedAngles(0.0, 360.0, rotations, false);
  Eigen::MatrixXd out(digits.rows(), digits.cols() * rotations);
  for (Eigen::Index k = 0; k < digits.cols(); ++k)
    out.middleCols(k * rotations, rotations) = rotatedCopies(digits.col(k), rows, cols, angles);
  return out;
}

}  // namespace

const RotatedDigitMethodResult& RotatedDigitGeodesicResult::method(const std::string& name) const {
  for (const auto& m : methods)
    if (m.method == name) return m;
  throw InvalidArgumentError("no method '" + name + "' in the result");
}

std::vector<const RotatedDigitMethodResult*> RotatedDigitGeodesicResult::measuredPaths() const {
  std::vector<const RotatedDigitMethodResult*> out;
  for (const auto& m : methods) out.push_back(&m);
  if (!trueRotations.method.empty()) out.push_back(&trueRotations);
  return out;
}

RotatedDigitGeodesic::RotatedDigitGeodesic(const Eigen::VectorXd& first,
                                           const Eigen::VectorXd& second, bool sameDigit, int rows,
                                           int cols, const RotatedDigitGeodesicOptions& options)
    : first_(first),
      second_(second),
      sameDigit_(sameDigit),
      rows_(rows),
      cols_(cols),
      options_(options) {
  checkDigitSize(first, rows, cols);
  checkDigitSize(second, rows, cols);
  validate(options, rows, cols, sameDigit ? 1 : 2);
  if (sameDigit && options.fromAngle == options.toAngle)
    throw InvalidArgumentError("the two angles must be different");
  if (sameDigit)
    truth_ = rotatedCopies(first, rows, cols,
                           evenlySpacedAngles(options.fromAngle, options.toAngle, options.points, true));
}

RotatedDigitGeodesic RotatedDigitGeodesic::rotation(const Eigen::VectorXd& digit, int rows,
                                                    int cols,
                                                    const RotatedDigitGeodesicOptions& options) {
  return RotatedDigitGeodesic(digit, digit, true, rows, cols, options);
}

RotatedDigitGeodesic RotatedDigitGeodesic::pair(const Eigen::VectorXd& first,
                                                const Eigen::VectorXd& second, int rows, int cols,
                                                const RotatedDigitGeodesicOptions& options) {
  return RotatedDigitGeodesic(first, second, false, rows, cols, options);
}

RotatedDigitGeodesicResult RotatedDigitGeodesic::solve(const SolverControl& control) const {
  const Eigen::VectorXd& first = first_;
  const Eigen::VectorXd& second = second_;
  const bool sameDigit = sameDigit_;
  const int rows = rows_, cols = cols_;
  const RotatedDigitGeodesicOptions& options = options_;
  const Stopwatch start;
  const DigitDiffusionModel* diffusion = options.model.get();
  Eigen::MatrixXd digits(first.size(), sameDigit ? 1 : 2);
  digits.col(0) = first;
  if (!sameDigit) digits.col(1) = second;
  // The score the geodesic sees: the exact one at level σ, or the U-Net at level t.
  const auto scoreAt = [&](double sigma) -> std::shared_ptr<const ScoreModel> {
    if (diffusion) return diffusion->scoreAt(options.timestep);
    return makeRotatedDigitScore(digits, rows, cols, options.rotations, sigma);
  };
  const std::shared_ptr<const ScoreModel> model = scoreAt(options.sigma);
  // Each method's metric; the paper's energy uses the midpoint rule or Gauss–Legendre nodes
  // along each segment. Every path is measured with the paper's metric and the midpoint rule, so
  // the methods stay comparable.
  const auto optionsFor = [&](MetricKind kind) {
    MetricOptions o = options.metric;
    o.kind = kind;
    return o;
  };
  const int dimension = int(first.size());
  MetricOptions midpointOptions = optionsFor(MetricKind::Score);  // what the reported figures use
  midpointOptions.quadratureNodes = 1;
  const std::unique_ptr<Metric> midpointMetric = makeMetric(midpointOptions, model, dimension);
  const double sigma2 = options.sigma * options.sigma;

  RotatedDigitGeodesicResult result;
  result.score = diffusion ? model->name() : "exact";
  Eigen::VectorXd unitNoise = Eigen::VectorXd::Zero(first.size());
  if (options.perturb) {
    // The same ε for both ends (docs/design.md §1): their difference stays the clean difference.
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (Eigen::Index i = 0; i < unitNoise.size(); ++i) unitNoise[i] = normal(rng);
  }
  const double noiseScale =
      diffusion ? diffusion->schedule().sigma(options.timestep) : options.sigma;
  result.endpointNoiseNorm = options.perturb ? noiseScale * unitNoise.norm() : 0.0;
  // Clean images [0, 1] (columns) → the space and level the geodesic lives at.
  const auto toLevel = [&](const Eigen::MatrixXd& clean) -> Eigen::MatrixXd {
    if (diffusion)
      return diffusion->perturb(DigitDiffusionModel::toModelSpace(clean), unitNoise,
                                options.timestep);
    Eigen::MatrixXd noisy = clean;
    noisy.colwise() += options.sigma * unitNoise;
    return noisy;
  };
  const Eigen::VectorXd cleanA = rotateImage(first, rows, cols, options.fromAngle);
  const Eigen::VectorXd cleanB = rotateImage(second, rows, cols, options.toAngle);
  const Eigen::VectorXd a = toLevel(cleanA), b = toLevel(cleanB);

  GeodesicOptions common = options.geodesic;
  common.points = options.points;
  const Eigen::VectorXd evenAngles =
      evenlySpacedAngles(options.fromAngle, options.toAngle, options.points, true);
  result.truth = truth_;
  // The true rotations at the geodesic's level with the same noise: a diagnostic start, and the
  // path measured beside the methods.
  Eigen::MatrixXd truthAtLevel;
  if (sameDigit) {
    truthAtLevel = toLevel(result.truth);
    truthAtLevel.col(0) = a;  // exactly the ends, whatever rounding the rotation did
    truthAtLevel.col(options.points - 1) = b;
  }
  if (options.startFromTrueRotations && sameDigit) common.initialPath = truthAtLevel;
  // The data graph's references at the geodesic's level, built once for every graph method.
  std::shared_ptr<const Eigen::MatrixXd> references;
  const auto graphReferences = [&] {
    if (!references)
      references = std::make_shared<const Eigen::MatrixXd>(toLevel(
          options.graphImages ? *options.graphImages
                              : rotatedReferenceImages(digits, rows, cols, options.rotations)));
    return references;
  };

  std::vector<std::pair<std::string, Eigen::MatrixXd>> paths;
  std::vector<GeodesicResult> solves;
  for (const RotatedDigitGeodesicMethod& method : options.methods) {
    GeodesicOptions geodesicOptions = common;
    geodesicOptions.solver = method.solver;
    geodesicOptions.initialization = method.initialization;
    if (method.initialization == PathInitialization::Graph) {
      geodesicOptions.graphReferences = graphReferences();
      geodesicOptions.graph = options.graph;
      geodesicOptions.graph.referenceLabel =
          options.graphImages ? "reference digits" : "rotated copies of the digit";
    }
    const MetricOptions methodMetric = optionsFor(method.metric);
    // Annealing in σ (exact score only): geodesics at a geometric sequence of levels from
    // annealFrom down to σ, each starting from the previous one (shifted by the change of the
    // shared noise).
    if (!diffusion && options.annealFrom > options.sigma && options.annealSteps > 0) {
      Eigen::MatrixXd path;
      double previous = 0.0;
      GeodesicOptions annealing = geodesicOptions;
      // The graph's references live at level σ: the coarsest level starts from SLERP instead, and
      // the annealed path then replaces the graph start at σ.
      annealing.graphReferences.reset();
      if (method.initialization == PathInitialization::Graph)
        annealing.initialization = PathInitialization::Slerp;
      for (int k = 0; k < options.annealSteps && !control.cancelled(); ++k) {
        const double level = options.annealFrom * std::pow(options.sigma / options.annealFrom,
                                                           double(k) / options.annealSteps);
        const std::unique_ptr<Metric> coarseMetric =
            makeMetric(methodMetric, scoreAt(level), dimension);
        if (k > 0) {
          path.colwise() += (level - previous) * unitNoise;
          annealing.initialPath = path;
        }
        path = GeodesicSolver(*coarseMetric, annealing)
                   .solve(cleanA + level * unitNoise, cleanB + level * unitNoise, control)
                   .path;
        previous = level;
      }
      path.colwise() += (options.sigma - previous) * unitNoise;
      geodesicOptions.initialPath = path;
    }
    const std::unique_ptr<Metric> metric = makeMetric(methodMetric, model, dimension);
    GeodesicResult solve = GeodesicSolver(*metric, geodesicOptions).solve(a, b, control);
    paths.emplace_back(method.name, solve.path);
    solves.push_back(std::move(solve));
  }
  result.solver = solves.front();
  paths.emplace_back("lerp", lerpPath(a, b, options.points));
  paths.emplace_back("slerp", slerpPath(a, b, options.points));

  std::unique_ptr<RotationRecovery> recovery;
  if (sameDigit) {
    const int truthCount =
        int(std::floor(std::abs(options.toAngle - options.fromAngle) / options.truthStep + 1e-9)) +
        1;
    const Eigen::VectorXd truthAngles =
        evenlySpacedAngles(options.fromAngle, options.toAngle, std::max(truthCount, 2), true);
    recovery = std::make_unique<RotationRecovery>(first, rows, cols, truthAngles);
  }

  const PathEnergy energy(*midpointMetric);
  const std::unique_ptr<Metric> pullbackMetric =
      makeMetric(optionsFor(MetricKind::Pullback), model, dimension);
  const PathEnergy pullbackEnergy(*pullbackMetric);
  const RefinedPolygon refinement(options.refinement);
  // Denoises and measures one path.
  const auto measure = [&](const std::string& name, const Eigen::MatrixXd& path,
                           const GeodesicResult* solve, RotatedDigitMethodResult& m) {
    m.method = name;
    m.path = path;
    if (solve) {
      m.iterations = solve->iterations;
      m.scoreEvaluations = solve->scoreEvaluations;
      m.seconds = solve->seconds;
      m.converged = solve->converged;
      if (solve->graphStart) {
        m.graphSeconds = solve->graphStart->seconds;
        m.graphScoreEvaluations = solve->graphStart->scoreEvaluations;
        m.scoreEvaluations += m.graphScoreEvaluations;
      }
    }
    if (!diffusion) {
      // Tweedie: x + σ² s(x) = E[clean | x] for the smoothed empirical measure.
      m.images = options.denoise ? Eigen::MatrixXd(path + sigma2 * model->score(path)) : path;
    } else if (options.denoise) {
      m.images = diffusion->denoise(path, options.timestep, options.ddimSteps, control);
    } else {
      m.images = diffusion->unscaledImages(path, options.timestep);
    }
    const int interior = options.points - 2;
    if (recovery) {
      m.matches = recovery->matchAll(m.images);
      std::vector<double> angles;
      for (const auto& match : m.matches) angles.push_back(match.angle);
      for (int j = 1; j <= interior; ++j) {
        m.meanMse += m.matches[j].mse / interior;
        m.meanSsim += m.matches[j].ssim / interior;
        m.meanAngleError += std::abs(angles[j] - evenAngles[j]) / interior;
        m.meanMseToEvenTruth +=
            (m.images.col(j) - result.truth.col(j)).squaredNorm() / double(m.images.rows()) / interior;
      }
      m.monotonic =
          isMonotonic(angles, options.fromAngle, options.toAngle, options.monotonicTolerance);
      m.largestAngleStep = largestAngleStep(angles);
    } else {
      m.meanMse = m.meanSsim = m.meanAngleError = m.largestAngleStep = m.meanMseToEvenTruth =
          std::numeric_limits<double>::quiet_NaN();
    }
    for (Eigen::Index j = 0; j + 1 < m.images.cols(); ++j)
      m.imageSteps.push_back((m.images.col(j + 1) - m.images.col(j)).norm() /
                             std::sqrt(double(m.images.rows())));
    m.imageStepUniformity = stepUniformity(m.imageSteps);
    const PathEnergyEvaluation e = energy.evaluate(path, false);
    m.energy = e.energy;
    m.length = e.length;
    m.refinedLength = energy.refinedLength(path, refinement);
    const PathEnergyEvaluation pullback = pullbackEnergy.evaluate(path, false);
    m.pullbackEnergy = pullback.energy;
    m.pullbackLength = pullback.length;
  };
  for (std::size_t k = 0; k < paths.size(); ++k) {
    RotatedDigitMethodResult m;
    measure(paths[k].first, paths[k].second, k < solves.size() ? &solves[k] : nullptr, m);
    result.methods.push_back(std::move(m));
  }
  if (sameDigit) measure("true-rotations", truthAtLevel, nullptr, result.trueRotations);
  result.seconds = start.seconds();
  return result;
}

RotatedDigitGeodesicResult computeRotatedDigitGeodesic(const Eigen::VectorXd& digit, int rows,
                                                       int cols,
                                                       const RotatedDigitGeodesicOptions& options,
                                                       const SolverControl& control) {
  return RotatedDigitGeodesic::rotation(digit, rows, cols, options).solve(control);
}

RotatedDigitGeodesicResult computeDigitPairGeodesic(const Eigen::VectorXd& first,
                                                    const Eigen::VectorXd& second, int rows,
                                                    int cols,
                                                    const RotatedDigitGeodesicOptions& options,
                                                    const SolverControl& control) {
  return RotatedDigitGeodesic::pair(first, second, rows, cols, options).solve(control);
}

void checkModelLevel(const RotatedDigitGeodesicOptions& o) {
  if (!o.model) return;
  if (o.timestep < 0 || o.timestep >= o.model->schedule().timesteps())
    throw InvalidArgumentError("the level t (--t) must be in [0, " +
                               std::to_string(o.model->schedule().timesteps() - 1) + "], got " +
                               std::to_string(o.timestep));
  if (o.ddimSteps < 1 || o.ddimSteps > o.model->schedule().timesteps())
    throw InvalidArgumentError("DDIM takes 1 to " + std::to_string(o.model->schedule().timesteps()) +
                               " steps, got " + std::to_string(o.ddimSteps));
}

bool usesGraphStart(const RotatedDigitGeodesicOptions& options) {
  for (const auto& m : options.methods)
    if (m.initialization == PathInitialization::Graph) return true;
  return false;
}

std::shared_ptr<const Eigen::MatrixXd> nearestPoolDigits(const IdxImages& pool,
                                                         const Eigen::VectorXd& first,
                                                         const Eigen::VectorXd& second, int rows,
                                                         int cols,
                                                         const RotatedDigitGeodesicOptions& options,
                                                         const NearestRotatedDigitsOptions& digits) {
  checkDigitSize(first, rows, cols);
  checkDigitSize(second, rows, cols);
  Eigen::MatrixXd ends(first.size(), 2);
  ends.col(0) = rotateImage(first, rows, cols, options.fromAngle);
  ends.col(1) = rotateImage(second, rows, cols, options.toAngle);
  return std::make_shared<const Eigen::MatrixXd>(nearestRotatedDigits(pool, ends, digits).images);
}

}  // namespace geodex
