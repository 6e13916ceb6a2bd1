#pragma once
// A reference set for the data-graph start on rotated digits when the score is a learned model:
// the images of a pool (the training digits) nearest to the path's ends over rotations, each
// rotated over the full turn. The graph then runs through real data near the ends; it does not
// see the ends' own rotations (that would be the ground truth).
#include <Eigen/Dense>
#include <vector>

#include "core/data/idx_file.h"

namespace geodex {

struct NearestRotatedDigitsOptions {
  int digits = 20;          // pool images kept
  double angleStep = 10.0;  // degrees between the kept images' rotated copies (over 360°)
  double searchStep = 10.0;  // degrees between the rotations tried when ranking the pool
  int poolLimit = 0;         // rank only the first poolLimit images (0: all)
};

struct NearestRotatedDigits {
  Eigen::MatrixXd images;        // [rows·cols × digits·copies], in [0, 1]
  std::vector<int> poolIndex;    // per column: the pool image it is a rotation of
  std::vector<double> angles;    // per column: its rotation, degrees
  std::vector<double> distances;  // per kept pool image: its distance to the nearest end
};

// targets [rows·cols × m] in [0, 1] (the clean ends). Throws InvalidArgumentError on bad options
// or sizes (a pool of other-sized images, more digits than the pool has).
NearestRotatedDigits nearestRotatedDigits(const IdxImages& pool, const Eigen::MatrixXd& targets,
                                          const NearestRotatedDigitsOptions& options = {});

}  // namespace geodex
