#pragma once
// The training digits behind a learned model's data-graph start (nearestRotatedDigits), loaded
// once per session: geodex-cli and the window both open the pool through open(), which reads a
// file on its first use only and hands every later caller the same pool. The pool also remembers
// the reference sets it picked, so a second run between the same ends (the same digits and
// angles) reuses its ranking instead of searching the pool again.
#include <Eigen/Dense>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/data/idx_file.h"
#include "core/data/nearest_rotated_digits.h"

namespace geodex {

class DigitReferencePool {
 public:
  // The pool of the IDX file at `path` (every digit in it), read once per process: the same
  // pointer for the same path (while the file's size and time are unchanged). Throws IoError
  // naming the file. Thread-safe.
  static std::shared_ptr<const DigitReferencePool> open(const std::string& path);
  // How many times open() has read a file in this process (the reuse is tested by it).
  static int fileReads();

  explicit DigitReferencePool(IdxImages images) : images_(std::move(images)) {}

  const IdxImages& images() const { return images_; }
  // nearestRotatedDigits(images(), ends, options).images, remembered for the last kRemembered
  // ends and options asked for. Thread-safe.
  std::shared_ptr<const Eigen::MatrixXd> nearest(const Eigen::MatrixXd& ends,
                                                 const NearestRotatedDigitsOptions& options) const;
  // How many rankings nearest() has computed (not taken from memory).
  int rankings() const;

  static constexpr std::size_t kRemembered = 8;

 private:
  struct Remembered {
    Eigen::MatrixXd ends;
    NearestRotatedDigitsOptions options;
    std::shared_ptr<const Eigen::MatrixXd> images;
  };
  IdxImages images_;
  mutable std::mutex mutex_;
  mutable std::vector<Remembered> remembered_;  // most recent last
  mutable int rankings_ = 0;
};

}  // namespace geodex
