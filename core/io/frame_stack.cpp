#include "core/io/frame_stack.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <string>

#include "core/data/rgb_image_cv.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

struct LabelStyle {
  double scale;
  int thickness;
  int margin;
};

// Text grows with the images (readable at 512², still legible at the tests' 32²).
LabelStyle styleFor(int imageRows) {
  const double scale = std::clamp(imageRows / 220.0, 0.35, 1.5);
  return {scale, scale > 0.8 ? 2 : 1, std::max(4, imageRows / 32)};
}

// Checks the contract; returns the common image size.
cv::Size checkedImageSize(const std::vector<LabelledFrames>& sequences) {
  if (sequences.empty() || sequences.front().frames.empty())
    throw InvalidArgumentError("frame stack: no frames to stack");
  const std::size_t count = sequences.front().frames.size();
  const RgbImage& first = sequences.front().frames.front();
  for (const LabelledFrames& sequence : sequences) {
    if (sequence.frames.size() != count)
      throw InvalidArgumentError("frame stack: '" + sequence.label + "' has " +
                                 std::to_string(sequence.frames.size()) + " frames, '" +
                                 sequences.front().label + "' has " + std::to_string(count) +
                                 " (stacked methods need the same number of frames)");
    for (const RgbImage& frame : sequence.frames)
      if (frame.empty() || frame.rows != first.rows || frame.cols != first.cols)
        throw InvalidArgumentError("frame stack: '" + sequence.label + "' has a " +
                                   std::to_string(frame.rows) + "×" + std::to_string(frame.cols) +
                                   " image, '" + sequences.front().label + "' " +
                                   std::to_string(first.rows) + "×" + std::to_string(first.cols) +
                                   " (stacked methods need images of one size)");
  }
  return {first.cols, first.rows};
}

int labelWidthFor(const std::vector<LabelledFrames>& sequences, int imageRows) {
  const LabelStyle style = styleFor(imageRows);
  int widest = 0;
  for (const LabelledFrames& sequence : sequences) {
    int baseline = 0;
    widest = std::max(widest, cv::getTextSize(sequence.label, kFont, style.scale, style.thickness,
                                              &baseline).width);
  }
  const int width = widest + 2 * style.margin;
  return width + width % 2;
}

// The band next to one method's images: its name in white on dark grey, vertically centred.
RgbImage labelBand(const std::string& label, int width, int rows) {
  const LabelStyle style = styleFor(rows);
  cv::Mat band(rows, width, CV_8UC3, cv::Scalar::all(40));
  int baseline = 0;
  const cv::Size text = cv::getTextSize(label, kFont, style.scale, style.thickness, &baseline);
  const cv::Point origin(style.margin, (rows + text.height) / 2);
  cv::putText(band, label, origin, kFont, style.scale, cv::Scalar::all(255), style.thickness,
              cv::LINE_AA);
  return fromCvImage(band);
}

}  // namespace

int frameStackLabelWidth(const std::vector<LabelledFrames>& sequences) {
  return labelWidthFor(sequences, checkedImageSize(sequences).height);
}

std::vector<RgbImage> stackLabelledFrames(const std::vector<LabelledFrames>& sequences) {
  const cv::Size image = checkedImageSize(sequences);
  const int band = labelWidthFor(sequences, image.height);
  const int width = band + image.width;
  const int height = int(sequences.size()) * image.height;
  // The bands do not change from frame to frame: drawn once.
  std::vector<RgbImage> bands;
  for (const LabelledFrames& sequence : sequences)
    bands.push_back(labelBand(sequence.label, band, image.height));

  // Copies a [rows × w] CHW block to (y0, x0) of a frame, channel by channel, row by row.
  const auto paste = [](RgbImage& into, const RgbImage& from, int y0, int x0) {
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < from.rows; ++y)
        std::copy_n(&from.pixels[(Eigen::Index(c) * from.rows + y) * from.cols], from.cols,
                    &into.at(c, y0 + y, x0));
  };
  std::vector<RgbImage> frames;
  for (std::size_t k = 0; k < sequences.front().frames.size(); ++k) {
    RgbImage frame(height, width);
    for (std::size_t r = 0; r < sequences.size(); ++r) {
      const int y0 = int(r) * image.height;
      paste(frame, bands[r], y0, 0);
      paste(frame, sequences[r].frames[k], y0, band);
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

}  // namespace geodex
