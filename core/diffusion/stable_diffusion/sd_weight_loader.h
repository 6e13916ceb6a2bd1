#pragma once
// Copies a checkpoint's weights into a network's parameters, one tensor at a time straight from
// the file's memory map (converted from F16/BF16/F32 on the way), so loading never holds a second
// full copy: each tensor's pages are handed back once it is in its parameter. Every parameter
// must be found with a matching shape (a 1×1 convolution's [C, C, 1, 1] and a linear layer's
// [C, C] are accepted for each other, as real VAE files store either) and finite values.
// Includes LibTorch.
#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace geodex {

class StableDiffusionCheckpoint;

// `prefix` ("unet.", "vae.", "text.") + each parameter's name is its canonical name. onBytes is
// called with the bytes read so far after every tensor; cancel is checked before each one
// (CancelledError). ModelError naming the file and tensor for a missing, misshapen, non-float or
// non-finite weight.
void loadWeights(torch::nn::Module& module, const std::string& prefix,
                 const StableDiffusionCheckpoint& checkpoint,
                 const std::function<void(std::uint64_t bytes)>& onBytes = {},
                 const std::atomic<bool>* cancel = nullptr);

}  // namespace geodex
