#pragma once
// One method's interpolation frames and its name, for the exports that show every method that
// was run (stacked animation frames, one frame subfolder per method).
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

struct ImageInterpolationResult;

struct LabelledFrames {
  std::string label;             // e.g. "geodesic", as in the strip and the JSON
  std::vector<RgbImage> frames;  // in path order
};

// Every path's frames named by its method (toString), in result order (the strip's row order):
// the input of the stacked animations and the per-method frame folders.
std::vector<LabelledFrames> labelledFrames(const ImageInterpolationResult& result);

}  // namespace geodex
