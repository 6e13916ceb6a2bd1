#pragma once
// Pixel predicates shared by the UI tests: they look for the colours ManifoldScene and the
// bridge tests choose, with tolerances for lighting, blending and anti-aliasing.
#include <QColor>
#include <QImage>
#include <QRect>
#include <QSet>
#include <algorithm>
#include <cstdlib>
#include <functional>

namespace geodex::test {

inline bool isNear(QRgb pixel, int r, int g, int b, int tolerance) {
  return std::abs(qRed(pixel) - r) <= tolerance && std::abs(qGreen(pixel) - g) <= tolerance &&
         std::abs(qBlue(pixel) - b) <= tolerance;
}

// The orange of the sample points, RGB(255, 140, 0), lit or in shade: a strong red, green about
// half of it, almost no blue.
inline bool isSampleOrange(QRgb pixel) {
  const int r = qRed(pixel), g = qGreen(pixel), b = qBlue(pixel);
  return r >= 120 && g >= 0.35 * r && g <= 0.75 * r && b <= 0.3 * r;
}

// The translucent light-grey surface over the dark background: grey (channels close together),
// clearly brighter than the background, darker than an opaque light grey such as Qt's window
// colour (which is what an empty view shows).
inline bool isSurfaceGrey(QRgb pixel, QRgb background) {
  const int r = qRed(pixel), g = qGreen(pixel), b = qBlue(pixel);
  const int spread = std::max({r, g, b}) - std::min({r, g, b});
  return spread <= 30 && qGray(pixel) >= qGray(background) + 40 && qGray(pixel) <= 225;
}

// The metric glyphs' colour map (MetricFieldLayer::kHueRange): cyan to violet, saturated. The
// hue window is wide enough for shading and for translucency over the grey surface.
inline bool isMetricGlyphColour(QRgb pixel) {
  const QColor colour = QColor::fromRgb(pixel);
  const int hue = colour.hue();
  return hue >= 175 && hue <= 290 && colour.saturation() >= 90 && colour.value() >= 70;
}

// The geodesic's green (GeodesicLayer::kColours[Geodesic]).
inline bool isGeodesicGreen(QRgb pixel) {
  const int r = qRed(pixel), g = qGreen(pixel), b = qBlue(pixel);
  return g >= 120 && r <= 0.6 * g && b <= 0.7 * g;
}

// The straight line's red (GeodesicLayer::kColours[Straight]), also where it is seen through the
// translucent grey surface: red well above green, green and blue alike (the samples' orange has
// green far above blue).
inline bool isStraightRed(QRgb pixel) {
  const int r = qRed(pixel), g = qGreen(pixel), b = qBlue(pixel);
  return r >= 120 && r - g >= 60 && std::abs(g - b) <= 25;
}

inline int countPixels(const QImage& image, const std::function<bool(QRgb)>& predicate) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) count += predicate(image.pixel(x, y)) ? 1 : 0;
  return count;
}

// The smallest rectangle holding every pixel that satisfies the predicate (empty if none).
inline QRect boundingRect(const QImage& image, const std::function<bool(QRgb)>& predicate) {
  QRect box;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (predicate(image.pixel(x, y))) box |= QRect(x, y, 1, 1);
  return box;
}

inline int distinctColours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) colours.insert(image.pixel(x, y) | 0xff000000u);
  return int(colours.size());
}

}  // namespace geodex::test
