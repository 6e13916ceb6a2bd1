#pragma once
// A small animated-GIF (GIF89a) encoder: OpenCV 4.6 cannot write GIFs. Every frame is mapped to
// one fixed global palette — a 6×6×6 colour cube (levels 0, 51, …, 255) plus 40 greys, used for
// pixels whose channels differ by less than 0.1 — optionally with 4×4 ordered (Bayer)
// dithering, and LZW-compressed; the NETSCAPE2.0 extension makes viewers loop.
#include <string>
#include <vector>

#include "core/data/rgb_image.h"

namespace geodex {

struct GifOptions {
  int delayCentiseconds = 12;  // per frame; GIF counts hundredths of a second
  int loopCount = 0;           // 0 = loop forever
  bool dither = true;          // ordered dithering hides the banding of a 216-colour cube
};

// All frames must have the same size (≤ 65535 pixels a side). Throws InvalidArgumentError
// otherwise or when there are no frames.
std::string encodeAnimatedGif(const std::vector<RgbImage>& frames, const GifOptions& options = {});
// Written atomically; throws IoError naming the path.
void writeAnimatedGif(const std::string& path, const std::vector<RgbImage>& frames,
                      const GifOptions& options = {});

}  // namespace geodex
