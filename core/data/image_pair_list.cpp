#include "core/data/image_pair_list.h"

#include <filesystem>
#include <sstream>

#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/message_format.h"

namespace geodex {

std::vector<ImagePair> readImagePairList(const std::string& path) {
  namespace fs = std::filesystem;
  // Checked before it is opened: a FIFO or device must not block or stream for ever.
  std::istringstream in(readInputFile(path, "pair list", kMaxPairListBytes));
  const fs::path folder = fs::path(path).parent_path();
  const auto resolve = [&](const std::string& name) {
    const fs::path p(name);
    return (p.is_absolute() ? p : folder / p).lexically_normal().string();
  };
  std::vector<ImagePair> pairs;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    // A NUL cuts a path short wherever the system reads it: a list holding one is not text.
    if (text.find('\0') != std::string::npos)
      throw InvalidArgumentError(path + ":" + std::to_string(line) +
                                 ": holds a NUL byte (a pair list is text: 'imageA imageB' lines)");
    text = text.substr(0, text.find('#'));
    std::istringstream fields(text);
    std::vector<std::string> names;
    for (std::string name; fields >> name;) names.push_back(name);
    if (names.empty()) continue;
    const std::string where = path + ":" + std::to_string(line) + ": ";
    if (names.size() != 2)
      throw InvalidArgumentError(where + "expected two image paths 'A B', got " +
                                 std::to_string(names.size()) + " field" + (names.size() == 1 ? "" : "s"));
    ImagePair pair{resolve(names[0]), resolve(names[1]), line};
    for (const std::string* image : {&pair.a, &pair.b})
      if (const std::string problem = inputFileProblem(*image); !problem.empty())
        throw InvalidArgumentError(where + "image '" + shortText(*image, 300) + "' " + problem);
    pairs.push_back(std::move(pair));
  }
  if (pairs.empty()) throw InvalidArgumentError("the pair list '" + path + "' holds no pairs");
  return pairs;
}

}  // namespace geodex
