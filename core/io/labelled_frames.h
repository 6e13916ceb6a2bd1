#pragma once
// One method's interpolation frames and its name, for the exports that show every method that
// was run (stacked animation frames, one frame subfolder per method).
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

struct LabelledFrames {
  std::string label;             // e.g. "geodesic", as in the strip and the JSON
  std::vector<RgbImage> frames;  // in path order
};

}  // namespace geodex
