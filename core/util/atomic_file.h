#pragma once
// Writes files completely or not at all: the content goes to a temporary file in the same
// directory, which is renamed over the target only once fully written.
//
// What a rename may replace: only a regular file, or nothing. A target that exists and is a
// device, FIFO, socket or folder is refused (renaming over /dev/null would delete the device
// node). A symbolic link is written through: the file it points to is replaced in its own
// folder and the link stays.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace geodex {

// Throws IoError naming the path and the reason when the file cannot be written, and
// InvalidArgumentError when the target exists and is not a regular file.
void writeFileAtomically(const std::string& path, std::string_view content);
// The same, with the content written by `write` (see AtomicFileSet::add).
void writeFileAtomically(const std::string& path, const std::function<bool(std::FILE*)>& write);

// Where a write to `path` must land: `path` with every symbolic link on its last component
// followed (relative links against their own folder; at most 40 links). Throws
// InvalidArgumentError "cannot write '<path>': it is a FIFO (a file name is needed …)" when the
// result exists and is not a regular file — or not a folder when `folder` is true (frame
// folders) — and when the links loop. The target need not exist.
std::filesystem::path resolveWriteTarget(const std::string& path, bool folder = false);

// A fresh hidden name next to `target` for writing before a rename: dir/.NAME.tmpRANDOM + suffix
// (a suffix such as ".mp4" keeps the extension that selects a file format).
std::filesystem::path temporarySibling(const std::filesystem::path& target,
                                       const std::string& suffix = "");

}  // namespace geodex
