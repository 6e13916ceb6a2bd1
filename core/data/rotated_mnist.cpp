#include "core/data/rotated_mnist.h"

#include <cmath>
#include <iomanip>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <sstream>

#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

Eigen::VectorXd idxImageVector(const IdxImages& images, int index) {
  if (index < 0 || index >= images.count)
    throw InvalidArgumentError("digit index " + std::to_string(index) +
                               " is out of range: the set has " + std::to_string(images.count) +
                               " images (0.." + std::to_string(images.count - 1) + ")");
  const int d = images.rows * images.cols;
  Eigen::VectorXd v(d);
  const std::uint8_t* pixels = images.image(index);
  for (int i = 0; i < d; ++i) v[i] = pixels[i] / 255.0;
  return v;
}

Eigen::VectorXd rotateImage(const Eigen::VectorXd& image, int rows, int cols, double degrees) {
  if (rows <= 0 || cols <= 0 || image.size() != Eigen::Index(rows) * cols)
    throw InvalidArgumentError("rotateImage: the image has " + std::to_string(image.size()) +
                               " pixels, not " + std::to_string(rows) + "×" + std::to_string(cols));
  if (!std::isfinite(degrees)) throw InvalidArgumentError("rotateImage: the angle is not finite");
  // Row-major doubles: the vector's memory is the cv::Mat's (no copy in).
  const cv::Mat source(rows, cols, CV_64F, const_cast<double*>(image.data()));
  Eigen::VectorXd out(image.size());
  cv::Mat target(rows, cols, CV_64F, out.data());
  const double turns = degrees / 90.0;
  const double nearest = std::round(turns);
  if (std::abs(turns - nearest) < 1e-12) {
    // Exact quarter turns: warpAffine would resample through cos(90°) ≈ 6e-17 and fixed-point
    // coordinates; a pixel permutation is exact. Square images only stay in place.
    const int quarter = ((int(std::fmod(nearest, 4.0)) % 4) + 4) % 4;
    if (quarter == 0) return image;
    if (rows == cols) {
      const int code = quarter == 1   ? cv::ROTATE_90_COUNTERCLOCKWISE
                       : quarter == 2 ? cv::ROTATE_180
                                      : cv::ROTATE_90_CLOCKWISE;
      cv::rotate(source, target, code);
      return out;
    }
  }
  const cv::Point2f centre(float((cols - 1) / 2.0), float((rows - 1) / 2.0));
  const cv::Mat transform = cv::getRotationMatrix2D(centre, degrees, 1.0);
  cv::warpAffine(source, target, transform, target.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 0.0);
  return out;
}

Eigen::MatrixXd rotatedCopies(const Eigen::VectorXd& image, int rows, int cols,
                              const Eigen::VectorXd& degrees) {
  Eigen::MatrixXd copies(image.size(), degrees.size());
  for (Eigen::Index j = 0; j < degrees.size(); ++j)
    copies.col(j) = rotateImage(image, rows, cols, degrees[j]);
  return copies;
}

Eigen::VectorXd evenlySpacedAngles(double from, double to, int count, bool includeEnd) {
  if (count < 1 || (includeEnd && count < 2 && from != to))
    throw InvalidArgumentError("need at least " + std::string(includeEnd ? "2 angles" : "1 angle") +
                               ", got " + std::to_string(count));
  if (!std::isfinite(from) || !std::isfinite(to))
    throw InvalidArgumentError("angles must be finite");
  Eigen::VectorXd angles(count);
  const double step = (to - from) / (includeEnd ? std::max(count - 1, 1) : count);
  for (int i = 0; i < count; ++i) angles[i] = from + step * i;
  return angles;
}

void RotatedMnistOptions::validate() const {
  if (anglesPerDigit < 1)
    throw InvalidArgumentError("angles per digit must be ≥ 1, got " +
                               std::to_string(anglesPerDigit));
  if (std::abs(fromAngle) > kMaxAbsAngle || std::abs(toAngle) > kMaxAbsAngle)
    throw InvalidArgumentError("the angles must lie in [-" + numberText(kMaxAbsAngle) + ", " +
                               numberText(kMaxAbsAngle) + "] degrees, got " +
                               numberText(fromAngle) + " to " + numberText(toAngle));
  if (!std::isfinite(fromAngle) || !std::isfinite(toAngle) || !(toAngle >= fromAngle))
    throw InvalidArgumentError("the angle range must be finite with from ≤ to, got " +
                               numberText(fromAngle) + " to " + numberText(toAngle));
  if (anglesPerDigit > 1'000'000)
    throw InvalidArgumentError("angles per digit must be at most 1000000, got " +
                               std::to_string(anglesPerDigit));
  if (maxDigits < 0)
    throw InvalidArgumentError("the digit count must be ≥ 0 (0: all), got " +
                               std::to_string(maxDigits));
}

RotatedMnist generateRotatedMnist(const IdxDataset& source, const RotatedMnistOptions& options,
                                  const SolverControl& control) {
  options.validate();
  const IdxImages& in = source.images;
  const int digits = options.maxDigits > 0 ? std::min(options.maxDigits, in.count) : in.count;
  const int d = in.rows * in.cols;
  // The set must be one geodex can read back (idx_file.h's limits), checked before allocating.
  const std::uint64_t images = std::uint64_t(digits) * std::uint64_t(options.anglesPerDigit);
  if (images > kIdxMaxItems || images * std::uint64_t(d) > kIdxMaxDataBytes)
    throw InvalidArgumentError(
        std::to_string(digits) + " digits × " + std::to_string(options.anglesPerDigit) +
        " angles = " + std::to_string(images) + " images of " + std::to_string(d) +
        " bytes, more than the " + byteCount(kIdxMaxDataBytes) +
        " an IDX file geodex reads holds (lower --count or --digits)");
  RotatedMnist out;
  out.images.rows = in.rows;
  out.images.cols = in.cols;
  out.images.count = digits * options.anglesPerDigit;
  out.images.pixels.resize(std::size_t(out.images.count) * d);
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> uniform(options.fromAngle, options.toAngle);
  // A full turn excludes its end (360° repeats 0°); other ranges include both ends.
  const bool fullTurn = std::abs(options.toAngle - options.fromAngle - 360.0) < 1e-9;
  const Eigen::VectorXd even = options.anglesPerDigit == 1
                                   ? Eigen::VectorXd::Constant(1, options.fromAngle)
                                   : evenlySpacedAngles(options.fromAngle, options.toAngle,
                                                        options.anglesPerDigit, !fullTurn);
  int k = 0;
  for (int i = 0; i < digits; ++i) {
    if (control.cancelled()) throw CancelledError("generating the rotated digits was cancelled");
    const Eigen::VectorXd image = idxImageVector(in, i);
    for (int a = 0; a < options.anglesPerDigit; ++a, ++k) {
      const double angle = options.randomAngles ? uniform(rng) : even[a];
      const Eigen::VectorXd rotated = rotateImage(image, in.rows, in.cols, angle);
      std::uint8_t* pixels = out.images.pixels.data() + std::size_t(k) * d;
      for (int p = 0; p < d; ++p)
        pixels[p] = std::uint8_t(std::lround(std::clamp(rotated[p], 0.0, 1.0) * 255.0));
      out.labels.push_back(i < int(source.labels.size()) ? source.labels[i] : 0);
      out.angles.push_back(angle);
      out.sourceIndex.push_back(i);
    }
  }
  return out;
}

std::string rotatedMnistAnglesCsv(const RotatedMnist& rotated) {
  std::ostringstream csv;
  csv << "index,source_index,label,angle\n";
  for (std::size_t i = 0; i < rotated.angles.size(); ++i)
    csv << i << "," << rotated.sourceIndex[i] << "," << int(rotated.labels[i]) << ","
        << std::setprecision(10) << rotated.angles[i] << "\n";
  return csv.str();
}

void writeRotatedMnist(const RotatedMnist& rotated, const std::string& imagesPath,
                       const std::string& labelsPath, const std::string& anglesPath) {
  AtomicFileSet files;
  files.add(imagesPath, encodeIdxImages(rotated.images));
  files.add(labelsPath, encodeIdxLabels(rotated.labels));
  if (!anglesPath.empty()) files.add(anglesPath, rotatedMnistAnglesCsv(rotated));
  files.commit();
}

}  // namespace geodex
