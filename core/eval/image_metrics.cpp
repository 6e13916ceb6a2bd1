#include "core/eval/image_metrics.h"

#include <algorithm>
#include <cmath>
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

void checkShape(const Eigen::VectorXd& a, int rows, int cols, const char* metric) {
  if (a.size() != Eigen::Index(rows) * cols)
    throw InvalidArgumentError(std::string(metric) + ": " + std::to_string(a.size()) +
                               " pixels are not " + std::to_string(rows) + "×" +
                               std::to_string(cols));
}

cv::Mat prewittMagnitude(const cv::Mat& image) {
  const cv::Mat kx = (cv::Mat_<double>(3, 3) << 1, 0, -1, 1, 0, -1, 1, 0, -1) / 3.0;
  cv::Mat gx, gy, magnitude;
  cv::filter2D(image, gx, CV_64F, kx, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
  cv::filter2D(image, gy, CV_64F, kx.t(), cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
  cv::magnitude(gx, gy, magnitude);
  return magnitude;
}

}  // namespace

double meanSquaredError(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  checkSameSize(a, b);
  return (a - b).squaredNorm() / double(a.size());
}

double structuralSimilarity(const Eigen::VectorXd& a, const Eigen::VectorXd& b, int rows,
                            int cols) {
  checkSameSize(a, b);
  checkShape(a, rows, cols, "SSIM");
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

double peakSignalToNoiseRatio(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                              double capDecibels) {
  const double mse = meanSquaredError(a, b);
  if (mse <= 0) return capDecibels;
  return std::min(capDecibels, -10.0 * std::log10(mse));
}

double gradientMagnitudeSimilarityDeviation(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                            int rows, int cols) {
  checkSameSize(a, b);
  checkShape(a, rows, cols, "GMSD");
  constexpr double c = 170.0 / (255.0 * 255.0);
  const auto halve = [&](const Eigen::VectorXd& v) {
    const cv::Mat m(rows, cols, CV_64F, const_cast<double*>(v.data()));
    if (rows < 2 || cols < 2) return m.clone();  // too small to downsample
    cv::Mat out;
    cv::resize(m, out, cv::Size(cols / 2, rows / 2), 0, 0, cv::INTER_AREA);
    return out;
  };
  const cv::Mat m1 = prewittMagnitude(halve(a)), m2 = prewittMagnitude(halve(b));
  cv::Mat gms;
  cv::divide(2 * m1.mul(m2) + c, m1.mul(m1) + m2.mul(m2) + c, gms);
  cv::Scalar mean, deviation;
  cv::meanStdDev(gms, mean, deviation);
  return deviation[0];
}

}  // namespace geodex
