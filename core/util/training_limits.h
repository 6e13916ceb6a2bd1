#pragma once
// The checks both trainers (DSM of the MLP, DDPM of the U-Net) and their networks' configs make
// before allocating anything: steps (one loss value is kept per step), batch size, learning rate,
// network sizes, and an estimate of the batch's activation memory against a stated limit.
#include <cstdint>
#include <string>

namespace geodex {

constexpr int kMaxTrainingSteps = 10'000'000;
constexpr int kMaxBatchSize = 1 << 20;
constexpr std::uint64_t kMaxTrainingBatchBytes = 4ull << 30;

// Throws InvalidArgumentError "<what> must be <low> to <high>, got <value>".
void checkWholeRange(const std::string& what, long long value, long long low, long long high);

// Throws InvalidArgumentError naming the option, its value and the accepted range.
void checkTrainingLoop(int steps, int batchSize, double learningRate,
                       double finalLearningRateFraction);
// `bytes`: the caller's estimate of one batch's activations and gradients. Throws
// InvalidArgumentError "<what> needs about N GB per batch, more than the 4.3 GB geodex allows".
void checkTrainingBatchMemory(double bytes, const std::string& what);

}  // namespace geodex
