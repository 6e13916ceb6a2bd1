#pragma once
// Rotated MNIST: digits rotated about the image centre with bilinear interpolation (OpenCV
// warpAffine; multiples of 90° go through cv::rotate, so they are exact). Images are column
// vectors of rows·cols doubles in [0, 1], row-major (pixel (r, c) at r·cols + c). Angles are in
// degrees, counter-clockwise as displayed.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/idx_file.h"
#include "core/util/solver_control.h"

namespace geodex {

// Image `index` of an IDX image set as [rows·cols] in [0, 1]. Throws InvalidArgumentError when
// the index is out of range.
Eigen::VectorXd idxImageVector(const IdxImages& images, int index);

// The image rotated by `degrees` about its centre ((cols−1)/2, (rows−1)/2); pixels that come
// from outside the image are 0.
Eigen::VectorXd rotateImage(const Eigen::VectorXd& image, int rows, int cols, double degrees);

// One rotated copy per angle: [rows·cols × angles.size()].
Eigen::MatrixXd rotatedCopies(const Eigen::VectorXd& image, int rows, int cols,
                              const Eigen::VectorXd& degrees);

// `count` angles from `from` to `to`: with the end included (a closed interval) or not (a
// period such as 0..360 where 360 repeats 0).
Eigen::VectorXd evenlySpacedAngles(double from, double to, int count, bool includeEnd);

struct RotatedMnistOptions {
  double fromAngle = 0.0;  // degrees
  double toAngle = 360.0;
  int anglesPerDigit = 8;     // rotated copies of every source digit
  bool randomAngles = false;  // uniform in [from, to) instead of evenly spaced
  std::uint64_t seed = 1;
  int maxDigits = 0;  // 0: every digit of the source

  // Angles beyond a thousand turns only lose precision (1e308° passed and rotated by noise).
  static constexpr double kMaxAbsAngle = 360000.0;
  // Throws InvalidArgumentError naming the option (count < 1, non-finite, huge or reversed
  // angles).
  void validate() const;
};

struct RotatedMnist {
  IdxImages images;  // rotated digits, rounded back to bytes
  std::vector<std::uint8_t> labels;
  std::vector<double> angles;    // degrees, per image
  std::vector<int> sourceIndex;  // index of the source digit, per image
};

// The dataset generator: every source digit at `anglesPerDigit` angles in [fromAngle, toAngle].
// Throws InvalidArgumentError for invalid options and for a set larger than an IDX file geodex
// reads (kIdxMaxItems images, kIdxMaxDataBytes), before anything is allocated; CancelledError
// when control's cancel flag is set (checked for every digit).
RotatedMnist generateRotatedMnist(const IdxDataset& source, const RotatedMnistOptions& options,
                                  const SolverControl& control = {});

// "index,source_index,label,angle" per image.
std::string rotatedMnistAnglesCsv(const RotatedMnist& rotated);
// The IDX image and label files and, unless `anglesPath` is empty, the angles CSV, as one set:
// all complete or none written (AtomicFileSet). Throws IoError naming the file that failed.
void writeRotatedMnist(const RotatedMnist& rotated, const std::string& imagesPath,
                       const std::string& labelsPath, const std::string& anglesPath = {});

}  // namespace geodex
