#include "core/io/frame_folder.h"

#include <algorithm>
#include <filesystem>

#include "core/data/image_io.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

std::vector<std::string> writeFramePngs(const std::string& folder,
                                        const std::vector<RgbImage>& frames,
                                        const FrameFolderOptions& options) {
  namespace fs = std::filesystem;
  if (frames.empty()) throw InvalidArgumentError("frame folder: no frames to write");
  if (folder.empty()) throw IoError("cannot write frames: empty folder name");
  fs::path target = fs::path(folder);
  if (!target.has_filename()) target = target.parent_path();  // "out/" → "out"
  std::error_code ec;
  const bool existed = fs::exists(target, ec);
  if (existed && (!fs::is_directory(target, ec) || !fs::is_empty(target, ec)))
    throw IoError("cannot write frames into '" + folder +
                  "': it exists and is not an empty folder (choose a new folder name)");
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  const fs::path temp = temporarySibling(target);
  if (!fs::create_directory(temp, ec))
    throw IoError("cannot write frames into '" + folder +
                  "': " + (ec ? ec.message() : std::string("cannot create a folder next to it")));
  const int digits = std::max(3, int(std::to_string(frames.size() - 1).size()));
  std::vector<std::string> names;
  try {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      std::string index = std::to_string(i);
      index.insert(0, std::size_t(digits) - std::min(index.size(), std::size_t(digits)), '0');
      names.push_back(options.prefix + index + ".png");
      writePng((temp / names.back()).string(), frames[i]);
    }
    if (existed) fs::remove(target);  // empty, checked above
    fs::rename(temp, target);
  } catch (const std::exception& e) {
    fs::remove_all(temp, ec);
    throw IoError("cannot write frames into '" + folder + "': " + e.what());
  }
  std::vector<std::string> paths;
  for (const std::string& name : names) paths.push_back((target / name).string());
  return paths;
}

}  // namespace geodex
