#pragma once
// LPIPS (Zhang et al. 2018, AlexNet variant) from the TorchScript file tools/export_sd.py
// --lpips writes (lpips_alex.pt: forward(a [B,3,H,W], b [B,3,H,W], both in [−1,1]) → [B]).
// geodex ships no LPIPS weights: the user exports them. Torch-free header.
#include <memory>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"
#include "core/util/device.h"

namespace geodex {

class LpipsScorer {
 public:
  // Throws IoError for a missing or non-TorchScript file, ModelError when a test pair does not
  // give one finite, non-negative distance per pair.
  static std::shared_ptr<LpipsScorer> load(const std::string& path,
                                           DeviceChoice device = DeviceChoice::Auto);
  ~LpipsScorer();
  LpipsScorer(const LpipsScorer&) = delete;
  LpipsScorer& operator=(const LpipsScorer&) = delete;

  // LPIPS of a[i] and b[i] (same sizes pairwise), one pair per call to bound memory.
  std::vector<double> distances(const std::vector<RgbImage>& a, const std::vector<RgbImage>& b) const;
  // Between neighbouring frames (n − 1 values): the perceptual steps of a strip.
  std::vector<double> steps(const std::vector<RgbImage>& frames) const;

 private:
  struct Impl;
  explicit LpipsScorer(std::unique_ptr<Impl> impl);
  double distance(const RgbImage& a, const RgbImage& b) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geodex
