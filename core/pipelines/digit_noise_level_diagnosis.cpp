#include "core/pipelines/digit_noise_level_diagnosis.h"

#include <cmath>
#include <numbers>
#include <random>

#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/geometry/metric_registry.h"
#include "core/score/score_model.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

void checkOptions(const DigitNoiseLevelDiagnosisOptions& o) {
  using O = DigitNoiseLevelDiagnosisOptions;
  if (!o.model) throw InvalidArgumentError("the t diagnosis needs a U-Net model");
  const int d = o.model->rows() * o.model->cols();
  if (o.digits.cols() < 1 || o.digits.cols() > O::kMaxDigits)
    throw InvalidArgumentError("give 1 to " + std::to_string(O::kMaxDigits) + " digits, got " +
                               std::to_string(o.digits.cols()));
  if (o.digits.rows() != d)
    throw InvalidArgumentError("the digits have " + std::to_string(o.digits.rows()) +
                               " pixels, the model's images " + std::to_string(d));
  if (!o.digits.allFinite()) throw InvalidArgumentError("the digits must be finite");
  if (o.timesteps.empty() || static_cast<int>(o.timesteps.size()) > O::kMaxTimesteps)
    throw InvalidArgumentError("give 1 to " + std::to_string(O::kMaxTimesteps) + " levels t, got " +
                               std::to_string(o.timesteps.size()));
  const int T = o.model->schedule().timesteps();
  for (const int t : o.timesteps)
    if (t < 1 || t > T - 1)
      throw InvalidArgumentError("every level t must lie in [1, " + std::to_string(T - 1) +
                                 "], got " + std::to_string(t));
  if (o.noiseDraws < 1 || o.noiseDraws > O::kMaxNoiseDraws)
    throw InvalidArgumentError("noise draws must lie in [1, " + std::to_string(O::kMaxNoiseDraws) +
                               "], got " + std::to_string(o.noiseDraws));
  if (!(o.angleStep > 0.0 && o.angleStep <= 10.0))
    throw InvalidArgumentError("the angle step must lie in (0, 10] degrees, got " +
                               numberText(o.angleStep));
  checkedMetricOptions(o.metric);
}

}  // namespace

DigitNoiseLevelDiagnosis diagnoseDigitNoiseLevels(const DigitNoiseLevelDiagnosisOptions& options,
                                                  const SolverControl& control) {
  const Stopwatch start;
  checkOptions(options);
  const DigitDiffusionModel& model = *options.model;
  const int rows = model.rows(), cols = model.cols(), d = rows * cols;
  const int n = static_cast<int>(options.digits.cols());

  DigitNoiseLevelDiagnosis out;
  out.model = model.path();
  out.digits = n;
  out.dimension = d;
  out.randomTangentFraction = std::sqrt(2.0 / (std::numbers::pi * d));

  // Clean digits in model space and their unit rotation tangents (model space, per radian).
  const Eigen::MatrixXd clean = DigitDiffusionModel::toModelSpace(options.digits);
  Eigen::MatrixXd tangents(d, n);
  for (int i = 0; i < n; ++i) {
    const Eigen::VectorXd digit = options.digits.col(i);
    const Eigen::VectorXd ahead = rotateImage(digit, rows, cols, options.angleStep);
    const Eigen::VectorXd behind = rotateImage(digit, rows, cols, -options.angleStep);
    const Eigen::VectorXd tangent = ahead - behind;
    if (tangent.norm() == 0.0)
      throw InvalidArgumentError("digit " + std::to_string(i) +
                                 " does not change under rotation: it has no rotation tangent");
    tangents.col(i) = tangent.normalized();
  }
  // The same noise at every level: rows differ only by t.
  const int m = n * options.noiseDraws;
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<double> gauss;
  const Eigen::MatrixXd noise = Eigen::MatrixXd::NullaryExpr(d, m, [&] { return gauss(rng); });

  const int count = static_cast<int>(options.timesteps.size());
  for (int k = 0; k < count; ++k) {
    control.throwIfCancelled("the noise-level diagnosis");
    DigitNoiseLevelRow row;
    row.t = options.timesteps[k];
    const double signal = model.schedule().signalScale(row.t),
                 sigma = model.schedule().sigma(row.t);
    Eigen::MatrixXd noisy(d, m);
    for (int j = 0; j < m; ++j)
      noisy.col(j) = signal * clean.col(j / options.noiseDraws) + sigma * noise.col(j);
    const Eigen::MatrixXd scores = model.scoreAt(row.t)->score(noisy);
    for (int j = 0; j < m; ++j) {
      const double s = scores.col(j).norm();
      const double along =
          s > 0 ? std::abs(scores.col(j).dot(tangents.col(j / options.noiseDraws))) / s : 0.0;
      row.tangentFraction += along / m;
      row.normalAngleDegrees += std::asin(std::min(along, 1.0)) * 180.0 / std::numbers::pi / m;
      row.denoisingCosine +=
          s > 0 ? -scores.col(j).dot(noise.col(j)) / (s * noise.col(j).norm()) / m : 0.0;
      row.meanAnisotropy += (1.0 + options.metric.lambda * s * s) / m;
    }
    out.rows.push_back(row);
    if (control.progress) control.progress(double(k + 1) / count, k + 1, row.tangentFraction);
  }
  out.seconds = start.seconds();
  return out;
}

}  // namespace geodex
