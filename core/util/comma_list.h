#pragma once
// The items of a comma-separated option value ("geodesic,lerp"), empty items kept so that the
// parser of each item says what is wrong with them.
#include <algorithm>
#include <string>
#include <vector>

namespace geodex {

inline std::vector<std::string> splitCommaList(const std::string& text) {
  std::vector<std::string> items;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    items.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return items;
}

}  // namespace geodex
