#include "core/pipelines/rotated_digit_options_check.h"

#include <cmath>
#include <string>

#include "core/diffusion/digit_diffusion_model.h"
#include "core/geometry/metric_registry.h"
#include "core/geometry/refined_polygon.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

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

void checkSizes(const RotatedDigitGeodesicOptions& o, int rows, int cols, int digits) {
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
}

// The angles, annealing, measuring and graph-start options.
void checkSettings(const RotatedDigitGeodesicOptions& o, int rows, int cols) {
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

}  // namespace

void checkDigitSize(const Eigen::VectorXd& digit, int rows, int cols) {
  if (rows <= 0 || cols <= 0 || digit.size() != Eigen::Index(rows) * cols)
    throw InvalidArgumentError("the digit has " + std::to_string(digit.size()) + " pixels, not " +
                               std::to_string(rows) + "×" + std::to_string(cols));
}

void checkRotatedDigitOptions(const RotatedDigitGeodesicOptions& options, int rows, int cols,
                              int digits) {
  checkSizes(options, rows, cols, digits);
  checkSettings(options, rows, cols);
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

}  // namespace geodex
