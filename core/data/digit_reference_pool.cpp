#include "core/data/digit_reference_pool.h"

#include <atomic>
#include <filesystem>
#include <map>
#include <system_error>

namespace geodex {

namespace {

std::atomic<int> gFileReads{0};

bool sameOptions(const NearestRotatedDigitsOptions& a, const NearestRotatedDigitsOptions& b) {
  return a.digits == b.digits && a.angleStep == b.angleStep && a.searchStep == b.searchStep &&
         a.poolLimit == b.poolLimit;
}

// What identifies a file's contents between two open() calls: its size and modification time.
std::pair<std::uintmax_t, std::filesystem::file_time_type> stamp(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  const auto time = std::filesystem::last_write_time(path, error);
  return {error ? 0 : size, error ? std::filesystem::file_time_type{} : time};
}

}  // namespace

std::shared_ptr<const DigitReferencePool> DigitReferencePool::open(const std::string& path) {
  struct Entry {
    std::pair<std::uintmax_t, std::filesystem::file_time_type> stamp;
    std::shared_ptr<const DigitReferencePool> pool;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> pools;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto current = stamp(path);
  auto it = pools.find(path);
  if (it != pools.end() && it->second.stamp == current) return it->second.pool;
  auto pool = std::make_shared<const DigitReferencePool>(readIdxImages(path));  // IoError
  ++gFileReads;
  pools[path] = {current, pool};
  return pool;
}

int DigitReferencePool::fileReads() { return gFileReads.load(); }

std::shared_ptr<const Eigen::MatrixXd> DigitReferencePool::nearest(
    const Eigen::MatrixXd& ends, const NearestRotatedDigitsOptions& options) const {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const Remembered& r : remembered_)
      if (sameOptions(r.options, options) && r.ends.rows() == ends.rows() &&
          r.ends.cols() == ends.cols() && r.ends == ends)
        return r.images;
  }
  // Ranked outside the lock (seconds over 60 000 digits); two threads asking for the same ends at
  // once both rank, and both results are the same.
  auto images =
      std::make_shared<const Eigen::MatrixXd>(nearestRotatedDigits(images_, ends, options).images);
  const std::lock_guard<std::mutex> lock(mutex_);
  ++rankings_;
  remembered_.push_back({ends, options, images});
  if (remembered_.size() > kRemembered) remembered_.erase(remembered_.begin());
  return images;
}

int DigitReferencePool::rankings() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return rankings_;
}

}  // namespace geodex
