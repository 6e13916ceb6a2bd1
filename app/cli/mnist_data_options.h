#pragma once
// Where geodex-cli's MNIST commands (mnist-*, train --data rotated-mnist) take their digits from:
// an explicit IDX pair, or <mnist-dir>/<split>-*-ubyte (datasets/fetch_mnist.sh puts MNIST in
// datasets/mnist; env GEODEX_MNIST_DIR overrides).
#include <CLI/CLI.hpp>
#include <string>

#include "core/data/idx_file.h"
#include "core/util/shipped_file.h"

namespace geodex::cli {

struct DataArguments {
  std::string mnistDir = mnistDirectory();
  std::string split = "t10k";
  std::string images, labels;
};

void addDataOptions(CLI::App* command, DataArguments& args);
// Throws InvalidArgumentError (bad options) or IoError (missing or broken files).
IdxDataset loadDigits(const DataArguments& args);

}  // namespace geodex::cli
