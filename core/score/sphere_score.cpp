#include "core/score/sphere_score.h"

#include <cmath>
#include <numbers>

namespace geodex {

RadialProfile SphereScore::profile(double r) const {
  // With z = κr and the Langevin function L(z) = coth z − 1/z:
  // f = κ(L(z) − r), f/r = κ² L(z)/z − κ, f' = κ² L'(z) − κ, L'(z) = 1/z² − 1/sinh² z.
  const double z = kappa_ * r;
  double langevin, langevinOverZ, langevinPrime;
  if (z < 1e-2) {  // series: avoids the cancellation in coth z − 1/z
    const double z2 = z * z;
    langevinOverZ = 1.0 / 3.0 - z2 / 45.0 + 2.0 * z2 * z2 / 945.0;
    langevin = z * langevinOverZ;
    langevinPrime = 1.0 / 3.0 - z2 / 15.0 + 2.0 * z2 * z2 / 189.0;
  } else {
    langevin = 1.0 / std::tanh(z) - 1.0 / z;
    langevinOverZ = langevin / z;
    const double inverseSinh = z > 350.0 ? 0.0 : 1.0 / std::sinh(z);
    langevinPrime = 1.0 / (z * z) - inverseSinh * inverseSinh;
  }
  return {kappa_ * (langevin - r), kappa_ * kappa_ * langevinOverZ - kappa_,
          kappa_ * kappa_ * langevinPrime - kappa_};
}

double SphereScore::logDensityAtRadius(double r) const {
  const double z = kappa_ * r;
  // log(sinh z / z), stable at both ends.
  const double logSinhcZ =
      z < 1e-4 ? z * z / 6.0 : z + std::log(-std::expm1(-2.0 * z)) - std::log(2.0) - std::log(z);
  return -1.5 * std::log(2.0 * std::numbers::pi * sigma_ * sigma_) -
         0.5 * kappa_ * (r * r + 1.0) + logSinhcZ;
}

}  // namespace geodex
