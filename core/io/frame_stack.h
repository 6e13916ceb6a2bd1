#pragma once
// Animation frames that show several interpolation methods at once: frame k stacks the k-th
// image of every method vertically, in the given order (the strip PNG's row order), each with
// its name written (cv::putText) in a label band on its left. Torch-free.
//
//   frame k:  ┌────────┬──────────────────┐
//             │ label 0│ sequences[0][k]  │  rows·0 … rows·1 − 1
//             ├────────┼──────────────────┤
//             │ label 1│ sequences[1][k]  │  rows·1 … rows·2 − 1
//             └────────┴──────────────────┘
// Size: (count · rows) × (labelWidth + cols); the images are copied unchanged, so row r of a
// frame is method r's image pixel for pixel right of the band.
#include <vector>

#include "core/io/labelled_frames.h"

namespace geodex {

// The label band's width in pixels for images `rows` high (even, so that video encoders
// that need even sizes accept the frames of even-sized images): the widest label plus margins.
int frameStackLabelWidth(const std::vector<LabelledFrames>& sequences);

// Throws InvalidArgumentError when there are no sequences or frames, when the sequences differ
// in frame count, or when their images differ in size (naming the sequence).
std::vector<RgbImage> stackLabelledFrames(const std::vector<LabelledFrames>& sequences);

}  // namespace geodex
