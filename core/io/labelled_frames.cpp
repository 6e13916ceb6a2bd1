#include "core/io/labelled_frames.h"

#include "core/pipelines/image_interpolation.h"

namespace geodex {

std::vector<LabelledFrames> labelledFrames(const ImageInterpolationResult& result) {
  std::vector<LabelledFrames> out;
  for (const ImageInterpolationPath& path : result.paths)
    out.push_back({toString(path.method), path.frames});
  return out;
}

}  // namespace geodex
