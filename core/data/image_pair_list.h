#pragma once
// A list of image pairs for batch interpolation (e.g. MorphBench's pairs): a text file with one
// pair per line, "imageA imageB" separated by white space; paths relative to the list file's
// folder; empty lines and everything after '#' ignored. Paths cannot contain spaces.
#include <cstdint>
#include <string>
#include <vector>

namespace geodex {

struct ImagePair {
  std::string a, b;  // resolved paths (relative ones joined to the list's folder)
  int line = 0;      // 1-based line in the list file
};

// A list longer than this is refused before it is read (MorphBench's is a few kB).
constexpr std::uint64_t kMaxPairListBytes = 16u << 20;

// Throws IoError when the file cannot be read (missing, a directory, a FIFO, larger than the
// limit), InvalidArgumentError naming "FILE:LINE" for a
// line that is not exactly two paths or names a file that does not exist, and for a list
// without pairs.
std::vector<ImagePair> readImagePairList(const std::string& path);

}  // namespace geodex
