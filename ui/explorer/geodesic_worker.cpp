#include "ui/explorer/geodesic_worker.h"

#include <QString>
#include <cmath>
#include <map>
#include <random>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/metric.h"
#include "core/geometry/path_energy.h"
#include "core/score/mlp_score_model.h"
#include "core/geometry/metric_factory.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/errors.h"
#include "ui/common/point_conversions.h"

namespace geodex {

namespace {

// Raised inside the job when its cancel flag is seen between stages.
struct JobCancelled {};

// Flat ellipses for 2D metrics: the z semi-axis is this fraction of the glyph scale.
constexpr double kFlatAxis = 0.08;

}  // namespace

struct GeodesicWorker::Model {
  QJsonObject key;  // the settings that determine this model
  std::unique_ptr<SyntheticManifold> manifold;
  std::shared_ptr<const ScoreModel> score;
  std::map<MetricKind, std::unique_ptr<Metric>> metrics;
  double lambda = 1000.0;

  const Metric& metric(MetricKind kind) {
    auto& slot = metrics[kind];
    if (!slot) {
      MetricOptions options;
      options.kind = kind;
      options.lambda = lambda;
      slot = makeMetric(options, score, manifold->ambientDimension());
    }
    return *slot;
  }
};

GeodesicWorker::GeodesicWorker() = default;
GeodesicWorker::~GeodesicWorker() = default;

GeodesicWorker::Model& GeodesicWorker::modelFor(const ExplorerSettings& settings) {
  const QJsonObject key{{"manifold", settings.manifold},
                        {"score", settings.scoreSource},
                        {"model", settings.modelFile},
                        {"sigma", settings.sigma},
                        {"seed", QString::number(settings.seed)},
                        {"lambda", settings.lambda}};
  if (model_ && model_->key == key) return *model_;
  auto model = std::make_unique<Model>();
  model->key = key;
  model->manifold = SyntheticManifold::create(settings.manifold.toStdString());
  if (settings.scoreSource == "trained") {
    const QString path = ExplorerSettings::resolveModelFile(settings.modelFile);
    auto trained = MlpScoreModel::load(path.toStdString(), DeviceChoice::Auto);
    if (trained->dimension() != model->manifold->ambientDimension())
      throw InvalidArgumentError(
          QString("the model '%1' lives in R^%2, the %3 in R^%4")
              .arg(path)
              .arg(trained->dimension())
              .arg(settings.manifold)
              .arg(model->manifold->ambientDimension())
              .toStdString());
    model->score = std::move(trained);
  } else {
    SyntheticScoreOptions scoreOptions;
    scoreOptions.source = parseScoreSource(settings.scoreSource.toStdString());
    scoreOptions.sigma = settings.sigma;
    scoreOptions.seed = settings.seed;
    model->score = makeSyntheticScore(*model->manifold, scoreOptions);
  }
  model->lambda = settings.lambda;
  model_ = std::move(model);
  return *model_;
}

MetricField GeodesicWorker::computeField(const ExplorerSettings& settings,
                                         Model& model) const {
  const SyntheticManifold& manifold = *model.manifold;
  const int d = manifold.ambientDimension();
  const int density = settings.ellipsoidDensity;
  const Eigen::MatrixXd data = manifold.sample(2000, settings.seed);
  const Eigen::VectorXd low = data.rowwise().minCoeff(), high = data.rowwise().maxCoeff();
  const Eigen::VectorXd margin = 0.15 * (high - low) + Eigen::VectorXd::Constant(d, settings.sigma);

  Eigen::MatrixXd centres;
  double spacing = 0.0;
  if (d == 2) {
    // A regular grid over the data's box: the metric between the curves shows too.
    centres.resize(2, density * density);
    const Eigen::Vector2d a = low - margin, b = high + margin;
    for (int i = 0; i < density; ++i)
      for (int j = 0; j < density; ++j)
        centres.col(i * density + j) = Eigen::Vector2d(a.x() + (b.x() - a.x()) * j / (density - 1),
                                                       a.y() + (b.y() - a.y()) * i / (density - 1));
    spacing = (b - a).minCoeff() / (density - 1);
  } else {
    // Noisy data points (the data at level σ): where the metric bends geodesics.
    const int count = density * density * 2;
    centres = manifold.sample(count, settings.seed + 1);
    std::mt19937_64 random(settings.seed + 2);
    std::normal_distribution<double> gaussian;
    const Eigen::MatrixXd noise = Eigen::MatrixXd::NullaryExpr(3, count, [&] { return gaussian(random); });
    centres += settings.sigma * noise;
    // The mean distance between count points spread over the data's surface.
    const double extent = (high - low).norm();
    spacing = extent / (std::sqrt(double(count)) * 0.9);
  }

  MetricField field;
  field.glyphScale = 0.3 * spacing;
  // Metrics are built lazily inside the model, hence a non-const model.
  const Metric& metric = model.metric(parseMetricKind(settings.metric.toStdString()));
  const Eigen::Index n = centres.cols();
  field.centres.resize(3, n);
  field.scores = Eigen::Matrix3Xd::Zero(3, n);
  field.axes.resize(n);
  field.logDeterminant = metric.logDeterminant(centres);
  const Eigen::MatrixXd scores = model.score->score(centres);
  for (Eigen::Index k = 0; k < n; ++k) {
    field.centres.col(k) = liftTo3D(centres.col(k));
    field.scores.col(k) = liftTo3D(scores.col(k));
    const MetricEllipsoid ball = metric.unitBall(centres.col(k));
    Eigen::Matrix3d axes = Eigen::Matrix3d::Zero();
    axes.topLeftCorner(d, d) = ball.axes;
    if (d == 2) axes(2, 2) = kFlatAxis;
    field.axes[k] = axes;
  }
  return field;
}

const MetricField& GeodesicWorker::fieldFor(const ExplorerSettings& settings, Model& model) {
  // The field depends on the model and the glyph layout, not on the endpoints or the solver:
  // moving an endpoint re-sends the field without recomputing it.
  QJsonObject key = model.key;
  key["metric"] = settings.metric;
  key["density"] = settings.ellipsoidDensity;
  if (!field_ || fieldKey_ != key) {
    field_ = computeField(settings, model);
    fieldKey_ = key;
  }
  return *field_;
}

void GeodesicWorker::run(const GeodesicJobRequest& request) {
  // A newer request has superseded this one while it waited in the queue.
  if (request.cancel->load()) {
    emit cancelled(request.id);
    return;
  }
  running_ = true;
  struct Idle {
    std::atomic<bool>& flag;
    ~Idle() { flag = false; }
  } idle{running_};
  try {
    solve(request);
  } catch (const JobCancelled&) {
    emit cancelled(request.id);
  } catch (const std::exception& error) {
    emit failed(request.id, QString::fromUtf8(error.what()));
  }
}

void GeodesicWorker::solve(const GeodesicJobRequest& request) {
  QElapsedTimer total;
  total.start();
  const ExplorerSettings settings = request.settings.validated();
  const int id = request.id;
  const auto checkCancel = [&] {
    if (request.cancel->load()) throw JobCancelled{};
  };
  Model& model = modelFor(settings);
  checkCancel();
  if (settings.showEllipsoids || settings.showScoreArrows)
    emit fieldReady(id, fieldFor(settings, model));
  checkCancel();

  const MetricKind mainKind = parseMetricKind(settings.metric.toStdString());
  const Metric& metric = model.metric(mainKind);
  GeodesicOptions options;
  options.solver = parseGeodesicSolverKind(settings.solver.toStdString());
  options.points = settings.points;
  const Eigen::VectorXd from = settings.fromPoint(), to = settings.toPoint();

  QElapsedTimer sinceSnapshot, sinceProgress;
  sinceSnapshot.start();
  sinceProgress.start();
  SolverControl control;
  control.cancel = request.cancel.get();
  control.progress = [&](double fraction, int iteration, double energy) {
    if (sinceProgress.elapsed() < kSnapshotIntervalMs && fraction < 1.0) return;
    sinceProgress.restart();
    emit progressed(id, fraction, iteration, energy);
  };
  control.snapshot = [&](const Eigen::MatrixXd& path, int iteration, double energy) {
    if (sinceSnapshot.elapsed() < kSnapshotIntervalMs) return;
    sinceSnapshot.restart();
    emit snapshotReady(id, path, iteration, energy);
  };

  GeodesicJobResult result;
  result.id = id;
  result.settings = settings;
  result.geodesic = GeodesicSolver(metric, options).solve(from, to, control);
  if (result.geodesic.cancelled) throw JobCancelled{};

  const PathEnergy mainEnergy(metric);
  result.straightPath = lerpPath(from, to, settings.points);
  const PathEnergyEvaluation straight = mainEnergy.evaluate(result.straightPath, false);
  result.straightLength = straight.length;
  result.straightEnergy = straight.energy;
  if (settings.showSlerp) {
    result.slerpPath = slerpPath(from, to, settings.points);
    result.slerpLength = mainEnergy.evaluate(result.slerpPath, false).length;
  }
  checkCancel();

  if (settings.compareMetrics) {
    for (const MetricKind kind : {MetricKind::Score, MetricKind::Conformal, MetricKind::Euclidean}) {
      if (kind == mainKind) continue;
      ComparisonPath comparison;
      comparison.metric = QString::fromStdString(toString(kind));
      GeodesicOptions fast = options;
      fast.solver = GeodesicSolverKind::GaussNewton;  // the comparison must not take minutes
      SolverControl cancelOnly;
      cancelOnly.cancel = request.cancel.get();
      const GeodesicResult other = GeodesicSolver(model.metric(kind), fast).solve(from, to, cancelOnly);
      if (other.cancelled) throw JobCancelled{};
      comparison.path = other.path;
      comparison.length = other.length;
      comparison.lengthUnderMain = mainEnergy.evaluate(other.path, false).length;
      result.comparisons.push_back(std::move(comparison));
    }
  }

  if (settings.extrapolation > 0) {
    // The path is parametrised over t ∈ [0, 1]: its end velocity is (N)·Δ_last, N segments.
    const Eigen::MatrixXd& path = result.geodesic.path;
    const Eigen::Index last = path.cols() - 1;
    const Eigen::VectorXd velocity = double(last) * (path.col(last) - path.col(last - 1));
    ShootingOptions shooting;
    shooting.duration = settings.extrapolation;
    shooting.samples = 120;
    SolverControl cancelOnly;
    cancelOnly.cancel = request.cancel.get();
    const ShootingResult shot = shootGeodesic(metric, to, velocity, shooting, cancelOnly);
    if (shot.cancelled) throw JobCancelled{};
    result.extrapolation = shot.path;
    result.extrapolationLength = shot.length;
  }
  result.totalSeconds = total.elapsed() / 1000.0;
  emit finished(result);
}

}  // namespace geodex
