#pragma once
// The cosine learning-rate decay used by every optimiser in geodex (the paper's Adam, the DSM
// and DDPM trainers): `initial` at progress 0, `finalFraction`·initial at progress 1.
#include <cmath>
#include <numbers>

namespace geodex {

inline double cosineDecay(double initial, double finalFraction, double progress) {
  return initial *
         (finalFraction + (1.0 - finalFraction) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress)));
}

}  // namespace geodex
