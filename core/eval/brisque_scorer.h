#pragma once
// BRISQUE (Mittal, Moorthy & Bovik 2012), a no-reference image quality score, through OpenCV
// contrib's quality module. Its trained SVM model files come from Debian's opencv-data package
// (/usr/share/opencv4/quality/brisque_model_live.yml and brisque_range_live.yml). Lower is
// better: about 0–20 for clean photos, higher for blurred, noisy or artefact-ridden images.
#include <memory>
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

class BrisqueScorer {
 public:
  // Uses the model files in `modelDir`; when empty, the first folder holding both files among
  // defaultModelDirectories(). Never throws for missing files: available() is then false and
  // status() says what to install.
  explicit BrisqueScorer(const std::string& modelDir = "");
  ~BrisqueScorer();
  BrisqueScorer(BrisqueScorer&&) noexcept;
  BrisqueScorer& operator=(BrisqueScorer&&) noexcept;

  // $GEODEX_BRISQUE_DIR (if set), /usr/share/opencv4/quality, /usr/local/share/opencv4/quality.
  static std::vector<std::string> defaultModelDirectories();

  bool available() const;
  // "BRISQUE model: <dir>" or why BRISQUE is unavailable.
  const std::string& status() const;
  // The score of one image (computed on its 8-bit grey version, as OpenCV does). Not
  // thread-safe (OpenCV keeps state in the model object). Throws ModelError when unavailable.
  double score(const RgbImage& image);

 private:
  struct Model;
  std::unique_ptr<Model> model_;
  std::string status_;
};

}  // namespace geodex
