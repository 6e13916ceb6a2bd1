#pragma once
// A solver's report after each iteration: progress (a fraction of the iteration budget) and, every
// snapshotEvery iterations, the path — what the window draws while a solve runs.
#include <Eigen/Dense>

#include <algorithm>

#include "core/util/solver_control.h"

namespace geodex {

inline void reportIteration(const SolverControl& control, const Eigen::MatrixXd& path,
                            int iteration, int maxIterations, double energy) {
  if (control.progress)
    control.progress(std::min(1.0, double(iteration) / std::max(1, maxIterations)), iteration,
                     energy);
  if (control.snapshot && control.snapshotEvery > 0 && iteration % control.snapshotEvery == 0)
    control.snapshot(path, iteration, energy);
}

}  // namespace geodex
