#pragma once
// Writes files completely or not at all: the content goes to a temporary file in the same
// directory, which is renamed over the target only once fully written.
#include <string>
#include <string_view>

namespace geodex {

// Throws IoError naming the path and the reason when the file cannot be written.
void writeFileAtomically(const std::string& path, std::string_view content);

}  // namespace geodex
