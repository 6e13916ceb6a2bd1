#pragma once
// The score of an ε-model at one diffusion level, as a ScoreModel the geodesic solvers use:
// s(x) = −ε̂(x, t)/√(1−ᾱ_t) (docs/design.md §1) over flattened samples, d = ∏ sampleShape
// (784 for a 28×28 image). Jacobian products by autograd through the model. Torch-free header.
#include <memory>

#include "core/score/score_model.h"

namespace geodex {

class EpsilonModel;
class NoiseSchedule;

// Throws InvalidArgumentError when t is outside the schedule.
std::unique_ptr<ScoreModel> makeEpsilonScoreModel(std::shared_ptr<const EpsilonModel> model,
                                                  const NoiseSchedule& schedule, int t);

}  // namespace geodex
