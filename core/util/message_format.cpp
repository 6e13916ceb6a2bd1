#include "core/util/message_format.h"

#include <cmath>
#include <cstdio>

namespace geodex {

std::string byteCount(std::uint64_t bytes) {
  if (bytes < 10000) return std::to_string(bytes) + " bytes";
  char text[32];
  const double value = double(bytes);
  if (value < 1e6)
    std::snprintf(text, sizeof text, "%.1f kB", value / 1e3);
  else if (value < 1e9)
    std::snprintf(text, sizeof text, "%.1f MB", value / 1e6);
  else
    std::snprintf(text, sizeof text, "%.1f GB", value / 1e9);
  return text;
}

std::string numberText(double value) {
  char text[32];
  // Whole numbers as they are (a header's 1000000000), others with at most 6 significant digits
  // (a 1e308 is not 309 digits long).
  if (value == std::floor(value) && std::abs(value) < 1e12)
    std::snprintf(text, sizeof text, "%.0f", value);
  else
    std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string shortText(const std::string& text, std::size_t maxBytes) {
  std::size_t keep = text.size();
  if (keep > maxBytes) {
    keep = maxBytes;
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  }
  std::string out = text.substr(0, keep);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (keep < text.size()) out += "...";
  return out;
}

}  // namespace geodex
