#pragma once
// Files that ship with geodex in its source tree: the small models (resources/models/...), the
// MNIST folder datasets/fetch_mnist.sh fills (datasets/mnist) and the test slice (tests/data).
// The one place that knows where the source tree is (one compile definition, in the .cpp).
#include <string>

namespace geodex {

// The files geodex ships, by their names in the source tree.
inline constexpr const char* kShippedDigitModel = "resources/models/rotated-mnist-unet.pt";
inline constexpr const char* kShippedMnistFolder = "datasets/mnist";
inline constexpr const char* kShippedMnistSlice = "tests/data/mnist-slice-images-idx3-ubyte";

// `path` when it exists or is absolute; else the shipped file of that relative name when it
// exists; else `path` unchanged (so that the error names what the user typed).
std::string resolveShippedFile(const std::string& path);

// Where the MNIST IDX files are: $GEODEX_MNIST_DIR when set, else datasets/mnist (resolved as
// above; it may not exist yet).
std::string mnistDirectory();

}  // namespace geodex
