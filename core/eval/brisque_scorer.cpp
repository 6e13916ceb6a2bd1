#include "core/eval/brisque_scorer.h"

#include <cstdlib>
#include <filesystem>
#include <opencv2/quality/qualitybrisque.hpp>

#include "core/data/rgb_image_cv.h"
#include "core/util/errors.h"

namespace geodex {

namespace {
constexpr const char* kModelFile = "brisque_model_live.yml";
constexpr const char* kRangeFile = "brisque_range_live.yml";
}  // namespace

struct BrisqueScorer::Model {
  cv::Ptr<cv::quality::QualityBRISQUE> brisque;
};

BrisqueScorer::BrisqueScorer(const std::string& modelDir) {
  namespace fs = std::filesystem;
  const std::vector<std::string> candidates =
      modelDir.empty() ? defaultModelDirectories() : std::vector<std::string>{modelDir};
  std::error_code ec;
  for (const std::string& dir : candidates) {
    const fs::path model = fs::path(dir) / kModelFile, range = fs::path(dir) / kRangeFile;
    if (!fs::is_regular_file(model, ec) || !fs::is_regular_file(range, ec)) continue;
    try {
      auto loaded = std::make_unique<Model>();
      loaded->brisque = cv::quality::QualityBRISQUE::create(model.string(), range.string());
      model_ = std::move(loaded);
      status_ = "BRISQUE model: " + dir;
      return;
    } catch (const cv::Exception& e) {
      status_ = "BRISQUE unavailable: cannot load the model in '" + dir + "': " + e.what();
      return;
    }
  }
  std::string searched;
  for (const std::string& dir : candidates) searched += (searched.empty() ? "" : ", ") + dir;
  status_ = std::string("BRISQUE unavailable: ") + kModelFile + " and " + kRangeFile +
            " not found in " + searched + " (on Debian: apt-get install opencv-data)";
}

BrisqueScorer::~BrisqueScorer() = default;
BrisqueScorer::BrisqueScorer(BrisqueScorer&&) noexcept = default;
BrisqueScorer& BrisqueScorer::operator=(BrisqueScorer&&) noexcept = default;

std::vector<std::string> BrisqueScorer::defaultModelDirectories() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("GEODEX_BRISQUE_DIR"); env && *env) dirs.emplace_back(env);
  dirs.emplace_back("/usr/share/opencv4/quality");
  dirs.emplace_back("/usr/local/share/opencv4/quality");
  return dirs;
}

bool BrisqueScorer::available() const {
  return model_ != nullptr;
}

const std::string& BrisqueScorer::status() const {
  return status_;
}

double BrisqueScorer::score(const RgbImage& image) {
  if (!model_) throw ModelError(status_);
  // OpenCV's BRISQUE expects 8-bit input (it rescales by 1/255 internally).
  return model_->brisque->compute(toBgr8(image))[0];
}

}  // namespace geodex
