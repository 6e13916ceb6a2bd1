#pragma once
// Writes files completely or not at all: the content goes to a temporary file in the same
// directory, which is renamed over the target only once fully written.
#include <filesystem>
#include <string>
#include <string_view>

namespace geodex {

// Throws IoError naming the path and the reason when the file cannot be written.
void writeFileAtomically(const std::string& path, std::string_view content);

// A fresh hidden name next to `target` for writing before a rename: dir/.NAME.tmpRANDOM + suffix
// (a suffix such as ".mp4" keeps the extension that selects a file format).
std::filesystem::path temporarySibling(const std::filesystem::path& target,
                                       const std::string& suffix = "");

}  // namespace geodex
