#include "core/eval/image_metrics.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/errors.h"

namespace geodex {

namespace {

void checkSameSize(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != b.size() || a.size() == 0)
    throw InvalidArgumentError("image metrics need two images of the same size, got " +
                               std::to_string(a.size()) + " and " + std::to_string(b.size()) +
                               " pixels");
}

}  // namespace

double meanSquaredError(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  checkSameSize(a, b);
  return (a - b).squaredNorm() / double(a.size());
}

double structuralSimilarity(const Eigen::VectorXd& a, const Eigen::VectorXd& b, int rows,
                            int cols) {
  checkSameSize(a, b);
  if (a.size() != Eigen::Index(rows) * cols)
    throw InvalidArgumentError("SSIM: " + std::to_string(a.size()) + " pixels are not " +
                               std::to_string(rows) + "×" + std::to_string(cols));
  constexpr double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;  // (K·L)² with data range L = 1
  const cv::Mat x(rows, cols, CV_64F, const_cast<double*>(a.data()));
  const cv::Mat y(rows, cols, CV_64F, const_cast<double*>(b.data()));
  const auto blur = [](const cv::Mat& m) {
    cv::Mat out;
    cv::GaussianBlur(m, out, cv::Size(11, 11), 1.5, 1.5, cv::BORDER_REFLECT);
    return out;
  };
  const cv::Mat muX = blur(x), muY = blur(y);
  const cv::Mat muXX = muX.mul(muX), muYY = muY.mul(muY), muXY = muX.mul(muY);
  const cv::Mat varX = blur(x.mul(x)) - muXX, varY = blur(y.mul(y)) - muYY;
  const cv::Mat cov = blur(x.mul(y)) - muXY;
  cv::Mat numerator = (2 * muXY + c1).mul(2 * cov + c2);
  cv::Mat denominator = (muXX + muYY + c1).mul(varX + varY + c2);
  cv::Mat map;
  cv::divide(numerator, denominator, map);
  return cv::mean(map)[0];
}

}  // namespace geodex
