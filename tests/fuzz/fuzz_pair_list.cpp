// Pair lists of `interpolate --pairs` (core/data/image_pair_list): lines, fields, comments and
// the checks of the files they name. The list lives in a scratch folder holding a.png, b.png,
// a FIFO and a subfolder, so names can hit every kind of path.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/data/image_pair_list.h"
#include "tests/fuzz/fuzz_input.h"

namespace {
std::string scratch() {
  char folder[] = "/tmp/geodex-fuzz-pairs-XXXXXX";
  if (!::mkdtemp(folder)) std::abort();
  const std::string dir = folder;
  std::ofstream(dir + "/a.png") << "a";
  std::ofstream(dir + "/b.png") << "b";
  ::mkfifo((dir + "/fifo.png").c_str(), 0600);
  std::filesystem::create_directory(dir + "/folder");
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = scratch();
  static const std::string list = dir + "/pairs.txt";
  std::ofstream(list, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), std::streamsize(size));
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    for (const geodex::ImagePair& pair : geodex::readImagePairList(list))
      if (pair.line < 1 || pair.a.empty() || pair.b.empty()) std::abort();
  });
  return 0;
}
