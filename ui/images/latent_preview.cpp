#include "ui/images/latent_preview.h"

#include <algorithm>

namespace geodex {

namespace {

QImage latentPreview(const Eigen::VectorXd& latent, int channels, int height, int width,
                     double low, double high) {
  QImage image(width, height, QImage::Format_RGB32);
  const double span = std::max(high - low, 1e-12);
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < width; ++x) {
      int rgb[3] = {0, 0, 0};
      for (int c = 0; c < std::min(channels, 3); ++c)
        rgb[c] = int(std::clamp((latent[(c * height + y) * width + x] - low) / span, 0.0, 1.0) * 255);
      line[x] = qRgb(rgb[0], rgb[1], rgb[2]);
    }
  }
  return image;
}

}  // namespace

std::vector<QImage> latentPathPreview(const Eigen::MatrixXd& latents, int channels, int height,
                                      int width) {
  const double low = latents.minCoeff(), high = latents.maxCoeff();
  std::vector<QImage> frames;
  for (Eigen::Index j = 0; j < latents.cols(); ++j)
    frames.push_back(latentPreview(latents.col(j), channels, height, width, low, high));
  return frames;
}

}  // namespace geodex
