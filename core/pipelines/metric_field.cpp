#include "core/pipelines/metric_field.h"

#include <cmath>
#include <random>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/metric.h"
#include "core/score/score_model.h"

namespace geodex {

namespace {

// Flat ellipses for 2D metrics: the z semi-axis is this fraction of the glyph scale.
constexpr double kFlatAxis = 0.08;

Eigen::Vector3d lift(const Eigen::VectorXd& point) {
  Eigen::Vector3d out = Eigen::Vector3d::Zero();
  out.head(point.size()) = point;
  return out;
}

}  // namespace

MetricField computeMetricField(const SyntheticManifold& manifold, const ScoreModel& score,
                               const Metric& metric, const MetricFieldOptions& options) {
  const int d = manifold.ambientDimension();
  const int density = options.density;
  const Eigen::MatrixXd data = manifold.sample(2000, options.seed);
  const Eigen::VectorXd low = data.rowwise().minCoeff(), high = data.rowwise().maxCoeff();
  const Eigen::VectorXd margin = 0.15 * (high - low) + Eigen::VectorXd::Constant(d, options.sigma);

  Eigen::MatrixXd centres;
  double spacing = 0.0;
  if (d == 2) {
    centres.resize(2, density * density);
    const Eigen::Vector2d a = low - margin, b = high + margin;
    for (int i = 0; i < density; ++i)
      for (int j = 0; j < density; ++j)
        centres.col(i * density + j) = Eigen::Vector2d(a.x() + (b.x() - a.x()) * j / (density - 1),
                                                       a.y() + (b.y() - a.y()) * i / (density - 1));
    spacing = (b - a).minCoeff() / (density - 1);
  } else {
    const int count = density * density * 2;
    centres = manifold.sample(count, options.seed + 1);
    std::mt19937_64 random(options.seed + 2);
    std::normal_distribution<double> gaussian;
    const Eigen::MatrixXd noise =
        Eigen::MatrixXd::NullaryExpr(3, count, [&] { return gaussian(random); });
    centres += options.sigma * noise;
    // The mean distance between count points spread over the data's surface.
    const double extent = (high - low).norm();
    spacing = extent / (std::sqrt(double(count)) * 0.9);
  }

  MetricField field;
  field.glyphScale = 0.3 * spacing;
  const Eigen::Index n = centres.cols();
  field.centres.resize(3, n);
  field.scores = Eigen::Matrix3Xd::Zero(3, n);
  field.axes.resize(n);
  field.logDeterminant = metric.logDeterminant(centres);
  const Eigen::MatrixXd scores = score.score(centres);
  for (Eigen::Index k = 0; k < n; ++k) {
    field.centres.col(k) = lift(centres.col(k));
    field.scores.col(k) = lift(scores.col(k));
    const MetricEllipsoid ball = metric.unitBall(centres.col(k));
    Eigen::Matrix3d axes = Eigen::Matrix3d::Zero();
    axes.topLeftCorner(d, d) = ball.axes;
    if (d == 2) axes(2, 2) = kFlatAxis;
    field.axes[k] = axes;
  }
  return field;
}

}  // namespace geodex
