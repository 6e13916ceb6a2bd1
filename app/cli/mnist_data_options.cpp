#include "app/cli/mnist_data_options.h"

#include <filesystem>

#include "core/util/errors.h"

namespace geodex::cli {

void addDataOptions(CLI::App* command, DataArguments& args) {
  command
      ->add_option(
          "--mnist-dir", args.mnistDir,
          "folder with the MNIST IDX files (datasets/fetch_mnist.sh; env GEODEX_MNIST_DIR)")
      ->capture_default_str();
  command->add_option("--split", args.split, "t10k|train")->capture_default_str();
  command->add_option("--images", args.images, "an IDX image file instead (any ubyte 3-D IDX)");
  command->add_option("--labels", args.labels, "its IDX label file");
}

IdxDataset loadDigits(const DataArguments& args) {
  if (args.split != "t10k" && args.split != "train")
    throw InvalidArgumentError("--split must be t10k or train, got '" + args.split + "'");
  if (args.images.empty() != args.labels.empty())
    throw InvalidArgumentError("--images and --labels go together");
  std::string images = args.images, labels = args.labels;
  if (images.empty()) {
    images = args.mnistDir + "/" + args.split + "-images-idx3-ubyte";
    labels = args.mnistDir + "/" + args.split + "-labels-idx1-ubyte";
    if (!std::filesystem::exists(images))
      throw IoError("MNIST not found at '" + images +
                    "': run datasets/fetch_mnist.sh, or pass --mnist-dir or --images/--labels");
  }
  return readIdxDataset(images, labels);
}

}  // namespace geodex::cli
