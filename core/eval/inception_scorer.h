#pragma once
// Image features for FID/KID (core/eval/fid_kid.h) from the TorchScript file tools/export_sd.py
// --inception writes (inception_pool.pt: forward(images [B,3,H,W] RGB in [0,1]) → [B,2048]
// pool features of torchvision's Inception-v3, resized to 299 inside the module). geodex ships
// no Inception weights: the user exports them. Any module with that signature and a [B,F]
// output works (the tests use a small stand-in). Torch-free header.
#include <Eigen/Dense>
#include <memory>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"
#include "core/util/device.h"

namespace geodex {

class InceptionScorer {
 public:
  // Throws IoError for a missing or non-TorchScript file, ModelError when a test batch of two
  // images does not give a finite [2, F] output.
  static std::shared_ptr<InceptionScorer> load(const std::string& path,
                                               DeviceChoice device = DeviceChoice::Auto);
  ~InceptionScorer();
  InceptionScorer(const InceptionScorer&) = delete;
  InceptionScorer& operator=(const InceptionScorer&) = delete;

  // F, the feature size the test batch gave (2048 for Inception-v3's pool).
  int featureSize() const;
  // Features [images.size() × F], one row per image, in order. Images go to the module in
  // batches of at most `batchSize` images of one size (bounds memory; sizes may differ between
  // images). Throws ModelError when the module fails or returns another shape or NaN.
  Eigen::MatrixXd features(const std::vector<RgbImage>& images, int batchSize = 4) const;

 private:
  struct Impl;
  explicit InceptionScorer(std::unique_ptr<Impl> impl);
  // Features [batch × F] of images[begin, end), all of one size.
  Eigen::MatrixXd batchFeatures(const std::vector<RgbImage>& images, std::size_t begin,
                                std::size_t end) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geodex
