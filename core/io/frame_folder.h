#pragma once
// An interpolation sequence as one PNG per frame in a folder; several methods' sequences as one
// subfolder per method.
#include <string>
#include <vector>

#include "core/data/rgb_image.h"
#include "core/io/labelled_frames.h"

namespace geodex {

class AtomicFileSet;

struct FrameFolderOptions {
  std::string prefix = "frame_";  // files are prefix + zero-padded index + ".png"
};

// Writes the frames into `folder`, which must not exist or be empty (it is created, parents
// too). Complete or nothing: the PNGs go into a temporary sibling folder that is renamed to
// `folder` at the end. Returns the paths written, in frame order. Throws InvalidArgumentError
// for no frames, IoError naming the folder when it cannot be written or is not empty. With
// `outputs` the filled temporary folder joins that set instead, renamed when it is committed.
std::vector<std::string> writeFramePngs(const std::string& folder,
                                        const std::vector<RgbImage>& frames,
                                        const FrameFolderOptions& options = {},
                                        AtomicFileSet* outputs = nullptr);

// One subfolder per sequence, named by its label, holding its frames as above:
// folder/geodesic/frame_000.png, folder/lerp/frame_000.png, … Same rules for `folder` and the
// same all-or-nothing write (the whole tree is renamed into place at the end). Returns the
// paths written, sequence by sequence. Throws InvalidArgumentError for no sequences, a sequence
// without frames, or labels that are empty, repeated or not plain file names.
std::vector<std::string> writeFramePngFolders(const std::string& folder,
                                              const std::vector<LabelledFrames>& sequences,
                                              const FrameFolderOptions& options = {},
                                              AtomicFileSet* outputs = nullptr);

}  // namespace geodex
