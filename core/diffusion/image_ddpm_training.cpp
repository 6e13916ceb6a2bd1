#include "core/diffusion/image_ddpm_training.h"

#include <torch/torch.h>

#include "core/diffusion/ddpm_trainer.h"
#include "core/util/errors.h"
#include "core/util/library_errors.h"

namespace geodex {

ImageDdpmTrainingResult trainImageDdpm(const IdxImages& images, const std::string& out,
                                       DdpmTrainingOptions options,
                                       const SolverControl& control) {
  if (images.count < 1) throw InvalidArgumentError("no images to train on");
  if (images.rows != images.cols || images.rows % 4 != 0)
    throw InvalidArgumentError("the U-Net needs square images with a size divisible by 4, got " +
                               std::to_string(images.rows) + "×" + std::to_string(images.cols));
  options.network.imageChannels = 1;
  options.network.imageSize = images.rows;
  const DdpmTrainer trainer(options);  // checks the options, before the images are converted

  // Bytes → [N, 1, S, S] in [−1, 1] (the usual DDPM data range).
  const DdpmTrainingResult trained = translateLibraryErrors(
      "training the U-Net on " + std::to_string(images.count) + " images", [&] {
        const torch::Tensor bytes =
            torch::from_blob(const_cast<std::uint8_t*>(images.pixels.data()),
                             {images.count, 1, images.rows, images.cols}, torch::kUInt8);
        const torch::Tensor data = bytes.to(torch::kFloat32).div(127.5).sub(1.0);
        return trainer.train(data, control);
      });

  ImageDdpmTrainingResult result;
  static_cast<TrainingRun&>(result) = trained;
  result.parameters = trained.model->parameterCount();
  result.deviceName = trained.model->device().str();
  result.checkpoint = trained.model->encode(out);
  return result;
}

}  // namespace geodex
