#pragma once
// An interpolation sequence as one PNG per frame in a folder.
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

struct FrameFolderOptions {
  std::string prefix = "frame_";  // files are prefix + zero-padded index + ".png"
};

// Writes the frames into `folder`, which must not exist or be empty (it is created, parents
// too). Complete or nothing: the PNGs go into a temporary sibling folder that is renamed to
// `folder` at the end. Returns the paths written, in frame order. Throws InvalidArgumentError
// for no frames, IoError naming the folder when it cannot be written or is not empty.
std::vector<std::string> writeFramePngs(const std::string& folder,
                                        const std::vector<RgbImage>& frames,
                                        const FrameFolderOptions& options = {});

}  // namespace geodex
