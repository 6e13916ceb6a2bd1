#pragma once
// What every trainer reports about its steps (the trainers' Result structs extend it).
// Torch-free.
#include <vector>

namespace geodex {

struct TrainingRun {
  std::vector<double> lossCurve;  // the loss of every step's batch
  int steps = 0;                  // steps completed
  double finalLoss = 0.0;  // mean loss of the last 10 % of the steps
  double seconds = 0.0;    // the whole training, set-up included
  double stepsPerSecond = 0.0;
};

}  // namespace geodex
