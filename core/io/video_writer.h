#pragma once
// Interpolation sequences as video through OpenCV's VideoWriter (FFmpeg backend on Debian).
// Checked on Debian 12's OpenCV 4.6: .mp4 with 'avc1' (H.264) and 'mp4v' (MPEG-4 Part 2), .avi
// with 'MJPG' and 'XVID', .mkv with 'VP80' all write and read back.
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

class AtomicFileSet;

struct VideoOptions {
  double framesPerSecond = 8.0;
  // Four characters, or empty to choose by extension: .mp4 tries 'avc1' then 'mp4v', .avi
  // 'MJPG', .mkv 'VP80'.
  std::string fourcc;
};

struct VideoResult {
  std::string fourcc;  // the codec that was used
  int frames = 0;
};

// All frames must have the same size. The video is written under a temporary name in the
// target's directory (same extension, which selects the container) and renamed when complete,
// so a failed write leaves nothing behind. Throws InvalidArgumentError for bad frames or
// options, IoError naming the path when no codec can write it. With `outputs` the written
// temporary joins that set instead, renamed when it is committed.
VideoResult writeVideo(const std::string& path, const std::vector<RgbImage>& frames,
                       const VideoOptions& options = {}, AtomicFileSet* outputs = nullptr);

}  // namespace geodex
