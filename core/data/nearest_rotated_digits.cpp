#include "core/data/nearest_rotated_digits.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <numeric>
#include <vector>

#include "core/data/rotated_mnist.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/torch_threads.h"

namespace geodex {

namespace {
constexpr double kMinAngleStep = 1.0;                   // degrees
constexpr std::uint64_t kMaxReferenceBytes = 2ull << 30;  // 2 GiB of rotated copies
}  // namespace

NearestRotatedDigits nearestRotatedDigits(const IdxImages& pool, const Eigen::MatrixXd& targets,
                                          const NearestRotatedDigitsOptions& options) {
  const int rows = pool.rows, cols = pool.cols;
  const int count = options.poolLimit > 0 ? std::min(options.poolLimit, pool.count) : pool.count;
  if (targets.rows() != Eigen::Index(rows) * cols || targets.cols() < 1)
    throw InvalidArgumentError("the reference pool has " + std::to_string(rows) + "×" +
                               std::to_string(cols) + " images, the ends " +
                               std::to_string(targets.rows()) + " pixels");
  if (options.digits < 1 || options.digits > count)
    throw InvalidArgumentError("the graph's reference digits must be in [1, " +
                               std::to_string(count) + "] (the pool's size), got " +
                               std::to_string(options.digits));
  for (const double step : {options.angleStep, options.searchStep})
    if (!(step >= kMinAngleStep) || step > 360.0 || !std::isfinite(step))
      throw InvalidArgumentError("reference angle steps must be in [1°, 360°], got " +
                                 numberText(step));
  // The kept copies are held as doubles: refuse a set larger than kMaxReferenceBytes up front.
  const double bytes = double(options.digits) * std::lround(360.0 / options.angleStep) *
                       double(targets.rows()) * sizeof(double);
  if (bytes > double(kMaxReferenceBytes))
    throw InvalidArgumentError("the graph's references (" + std::to_string(options.digits) +
                               " digits × a copy every " + numberText(options.angleStep) +
                               "°) would take " + byteCount(std::uint64_t(bytes)) + ", more than " +
                               byteCount(kMaxReferenceBytes) +
                               ": use fewer digits or a larger angle step");
  // Rank the pool by its distance to the nearest end over rotations in searchStep steps.
  const int searches = std::max(1, int(std::lround(360.0 / options.searchStep)));
  const Eigen::VectorXd searchAngles = evenlySpacedAngles(0.0, 360.0, searches, false);
  std::vector<double> best(std::size_t(count), std::numeric_limits<double>::infinity());
  const Eigen::VectorXd targetNorms = targets.colwise().squaredNorm().transpose();
  const auto rank = [&](int begin, int end) {
    for (int i = begin; i < end; ++i) {
      const Eigen::MatrixXd copies =
          rotatedCopies(idxImageVector(pool, i), rows, cols, searchAngles);
      // ‖c − t‖² = ‖c‖² + ‖t‖² − 2cᵀt for every copy and target.
      Eigen::MatrixXd d2 = -2.0 * copies.transpose() * targets;
      d2.colwise() += copies.colwise().squaredNorm().transpose();
      d2.rowwise() += targetNorms.transpose();
      best[std::size_t(i)] = std::max(0.0, d2.minCoeff());
    }
  };
  // The pool (60 000 digits × 36 rotations) in one block per core: each digit's rank is its own.
  const int blocks = effectiveTorchThreads(0);  // all hardware threads (the project's one count)
  std::vector<std::future<void>> others;
  for (int b = 1; b < blocks; ++b)
    others.push_back(std::async(std::launch::async, rank, count * b / blocks,
                                count * (b + 1) / blocks));
  rank(0, count / blocks);
  for (std::future<void>& other : others) other.get();
  std::vector<int> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + options.digits, order.end(),
                    [&](int a, int b) { return best[std::size_t(a)] < best[std::size_t(b)]; });

  const int copiesPerDigit = std::max(1, int(std::lround(360.0 / options.angleStep)));
  const Eigen::VectorXd angles = evenlySpacedAngles(0.0, 360.0, copiesPerDigit, false);
  NearestRotatedDigits out;
  out.images.resize(targets.rows(), Eigen::Index(options.digits) * copiesPerDigit);
  for (int m = 0; m < options.digits; ++m) {
    const int index = order[std::size_t(m)];
    out.images.middleCols(Eigen::Index(m) * copiesPerDigit, copiesPerDigit) =
        rotatedCopies(idxImageVector(pool, index), rows, cols, angles);
    out.distances.push_back(std::sqrt(best[std::size_t(index)]));
    for (int k = 0; k < copiesPerDigit; ++k) {
      out.poolIndex.push_back(index);
      out.angles.push_back(angles[k]);
    }
  }
  return out;
}

}  // namespace geodex
