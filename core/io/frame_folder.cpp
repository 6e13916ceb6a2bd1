#include "core/io/frame_folder.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include "core/data/image_io.h"
#include "core/util/atomic_file.h"
#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"
#include "core/util/pending_writes.h"

namespace geodex {

namespace {

namespace fs = std::filesystem;

// Runs `fill` on a fresh temporary sibling of `folder` and renames it to `folder` when fill
// returns (or hands it to `outputs`, renamed with the set): complete or nothing. `folder` must
// not exist or be an empty folder. fill returns the names of what it wrote, relative to the
// folder; the result is their paths in `folder`.
std::vector<std::string> writeFolderAtomically(
    const std::string& folder,
    const std::function<std::vector<std::string>(const fs::path& temp)>& fill,
    AtomicFileSet* outputs) {
  if (folder.empty()) throw InvalidArgumentError("cannot write frames: empty folder name");
  // A link to a folder is written through; a FIFO, device or file there is refused.
  const fs::path target = resolveWriteTarget(folder, /*folder=*/true);
  std::error_code ec;
  const bool existed = fs::exists(target, ec);
  if (existed && (!fs::is_directory(target, ec) || !fs::is_empty(target, ec)))
    throw WriteError("cannot write frames into '" + folder +
                     "': it exists and is not an empty folder (choose a new folder name)");
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  const fs::path temp = temporarySibling(target);
  if (!fs::create_directory(temp, ec))
    throw WriteError("cannot write frames into '" + folder + "': " +
                     (ec ? ec.message() : std::string("cannot create a folder next to it")));
  PendingWrites::add(temp);
  std::vector<std::string> written;
  try {
    written = fill(temp);
    if (!outputs) {
      const auto renaming = PendingWrites::lockRenames();
      PendingWrites::throwIfCancelled("writing frames into '" + folder + "'");
      if (existed) fs::remove(target);  // empty, checked above
      fs::rename(temp, target);
    }
  } catch (const CancelledError&) {
    fs::remove_all(temp, ec);
    throw;
  } catch (const std::exception& e) {
    fs::remove_all(temp, ec);
    throw WriteError("cannot write frames into '" + folder + "': " + e.what());
  }
  // Renamed with the caller's set (adopt removes the folder itself when it refuses it).
  if (outputs) outputs->adopt(folder, temp, /*folder=*/true);
  std::vector<std::string> paths;
  for (const std::string& name : written) paths.push_back((target / name).string());
  return paths;
}

// prefix + zero-padded index + ".png" for every frame, written into `dir`; the file names.
std::vector<std::string> writeNumberedPngs(const fs::path& dir, const std::vector<RgbImage>& frames,
                                           const std::string& prefix) {
  const int digits = std::max(3, int(std::to_string(frames.size() - 1).size()));
  std::vector<std::string> names;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::string index = std::to_string(i);
    index.insert(0, std::size_t(digits) - std::min(index.size(), std::size_t(digits)), '0');
    names.push_back(prefix + index + ".png");
    writePng((dir / names.back()).string(), frames[i]);
  }
  return names;
}

}  // namespace

std::vector<std::string> writeFramePngs(const std::string& folder,
                                        const std::vector<RgbImage>& frames,
                                        const FrameFolderOptions& options,
                                        AtomicFileSet* outputs) {
  if (frames.empty()) throw InvalidArgumentError("frame folder: no frames to write");
  return writeFolderAtomically(
      folder, [&](const fs::path& temp) { return writeNumberedPngs(temp, frames, options.prefix); },
      outputs);
}

std::vector<std::string> writeFramePngFolders(const std::string& folder,
                                              const std::vector<LabelledFrames>& sequences,
                                              const FrameFolderOptions& options,
                                              AtomicFileSet* outputs) {
  if (sequences.empty()) throw InvalidArgumentError("frame folders: no sequences to write");
  std::set<std::string> labels;
  for (const LabelledFrames& sequence : sequences) {
    const std::string& label = sequence.label;
    if (label.empty() || label == "." || label == ".." || label.find('/') != std::string::npos ||
        label.find('\\') != std::string::npos)
      throw InvalidArgumentError("frame folders: '" + label + "' cannot name a subfolder");
    if (!labels.insert(label).second)
      throw InvalidArgumentError("frame folders: two sequences are both called '" + label + "'");
    if (sequence.frames.empty())
      throw InvalidArgumentError("frame folders: '" + label + "' has no frames to write");
  }
  return writeFolderAtomically(folder, [&](const fs::path& temp) {
    std::vector<std::string> relative;
    for (const LabelledFrames& sequence : sequences) {
      fs::create_directory(temp / sequence.label);
      for (const std::string& name : writeNumberedPngs(temp / sequence.label, sequence.frames, options.prefix))
        relative.push_back(sequence.label + "/" + name);
    }
    return relative;
  }, outputs);
}

}  // namespace geodex
