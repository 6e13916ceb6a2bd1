#pragma once
// Shared by the image tests: the shipped photos and small synthetic RGB images.
#include <QtTest>
#include <string>

#include "core/data/rgb_image.h"

namespace geodex::test {

// resources/images/<name> of the source tree (ctest sets GEODEX_SOURCE_DIR).
inline std::string shippedImage(const std::string& name) {
  const QByteArray root = qgetenv("GEODEX_SOURCE_DIR");
  if (root.isEmpty()) qFatal("GEODEX_SOURCE_DIR is not set: run the test through ctest");
  return root.toStdString() + "/resources/images/" + name;
}

// A horizontal colour ramp shifted by `shift` columns (wrapping), so neighbours differ.
inline RgbImage rampImage(int rows, int cols, int shift = 0) {
  RgbImage image(rows, cols);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      const float u = float((x + shift) % cols) / float(cols - 1);
      image.at(0, y, x) = u;
      image.at(1, y, x) = float(y) / float(rows - 1);
      image.at(2, y, x) = 1.0f - u;
    }
  return image;
}

inline RgbImage flatImage(int rows, int cols, float r, float g, float b) {
  RgbImage image(rows, cols);
  const Eigen::Index n = Eigen::Index(rows) * cols;
  image.pixels.segment(0, n).setConstant(r);
  image.pixels.segment(n, n).setConstant(g);
  image.pixels.segment(2 * n, n).setConstant(b);
  return image;
}

// A fresh empty folder under the system temp folder, removed with the QTemporaryDir.
inline std::string path(const QTemporaryDir& dir, const char* name) {
  return dir.filePath(name).toStdString();
}

}  // namespace geodex::test
