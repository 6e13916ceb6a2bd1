#pragma once
// The shape of MlpScoreModel's network and the level it is evaluated at, with the limits a
// config (from a front's options or a checkpoint's header) is checked against before a network
// is built from it. Torch-free.
#include <map>
#include <string>

namespace geodex {

class CheckpointHeader;

struct MlpScoreModelConfig {
  int dimension = 3;
  int hiddenWidth = 64;
  int hiddenLayers = 3;
  int levelFeatures = 16;
  double sigma = 0.1;  // the level at which score() is evaluated (the training σ)
  std::string data;    // what it was trained on ("sphere", ...), for names and messages

  static constexpr int kMaxDimension = 4096;
  static constexpr int kMaxHiddenWidth = 4096;
  static constexpr int kMaxHiddenLayers = 64;
  static constexpr int kMaxLevelFeatures = 64;  // sinusoids of 2⁰ … 2³¹ (float range)
  static constexpr long long kMaxParameters = 50'000'000;  // 200 MB of float32 weights
  // One range for σ, shared by the trainer (what it writes) and the loader (what it reads).
  static constexpr double kMinSigma = 1e-12;
  static constexpr double kMaxSigma = 1e6;

  long long parameterCount() const;
  // Throws InvalidArgumentError naming the field, its value and the accepted range.
  void validate() const;
  // The numbers of a "geodex-mlp-score" checkpoint's header (the inverse of fromHeader).
  std::map<std::string, double> headerNumbers() const;
  // From a "geodex-mlp-score" checkpoint's header; ModelError naming the file and the key.
  static MlpScoreModelConfig fromHeader(const CheckpointHeader& header);
};

}  // namespace geodex
