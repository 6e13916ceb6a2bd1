// IDX image and label files (core/data/idx_file): header sizes against the file's length and
// the stated limits, then the data.
#include "core/data/idx_file.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static geodex::fuzz::MemoryFile file;
  const std::string& path = file.write(data, size);
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    const geodex::IdxImages images = geodex::readIdxImages(path);
    // What a reader of the set does next: every image's pixels by index.
    std::size_t sum = 0;
    for (int i = 0; i < images.count; ++i) sum += images.image(i)[images.rows * images.cols - 1];
    if (sum > std::size_t(images.count) * 255) std::abort();
  });
  geodex::fuzz::expectOnlyGeodexErrors([&] { geodex::readIdxImages(path, 2); });
  geodex::fuzz::expectOnlyGeodexErrors([&] { geodex::readIdxLabels(path); });
  return 0;
}
