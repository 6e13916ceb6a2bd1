#include "core/score/circle_score.h"

#include <cmath>
#include <numbers>

namespace geodex {

namespace {
constexpr double kAsymptoticFrom = 500.0;  // above this I₀ overflows soon: use e^{-z}-scaled series

// e^{-z} √(2πz) I_ν(z) for large z (Hankel's asymptotic series).
double scaledBesselI(int nu, double z) {
  const double mu = 4.0 * nu * nu;
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= 6; ++k) {
    term *= -(mu - (2.0 * k - 1) * (2.0 * k - 1)) / (k * 8.0 * z);
    sum += term;
  }
  return sum;
}

// A(z) = I₁(z)/I₀(z).
double besselRatio(double z) {
  if (z >= kAsymptoticFrom) return scaledBesselI(1, z) / scaledBesselI(0, z);
  return std::cyl_bessel_i(1.0, z) / std::cyl_bessel_i(0.0, z);
}
}  // namespace

RadialProfile CircleScore::profile(double r) const {
  // With z = κr and A = I₁/I₀: f = κ(A − r), f/r = κ² A/z − κ, f' = κ² A'(z) − κ,
  // A'(z) = 1 − A/z − A².
  const double z = kappa_ * r;
  double ratio, ratioOverZ, ratioPrime;
  if (z < 1e-3) {
    const double z2 = z * z;
    ratioOverZ = 0.5 - z2 / 16.0 + z2 * z2 / 96.0;
    ratio = z * ratioOverZ;
    ratioPrime = 0.5 - 3.0 * z2 / 16.0 + 5.0 * z2 * z2 / 96.0;
  } else {
    ratio = besselRatio(z);
    ratioOverZ = ratio / z;
    ratioPrime = 1.0 - ratioOverZ - ratio * ratio;
  }
  return {kappa_ * (ratio - r), kappa_ * kappa_ * ratioOverZ - kappa_,
          kappa_ * kappa_ * ratioPrime - kappa_};
}

double CircleScore::logDensityAtRadius(double r) const {
  const double z = kappa_ * r;
  const double logI0 = z >= kAsymptoticFrom
                           ? z - 0.5 * std::log(2.0 * std::numbers::pi * z) +
                                 std::log(scaledBesselI(0, z))
                           : std::log(std::cyl_bessel_i(0.0, z));
  return -std::log(2.0 * std::numbers::pi * sigma_ * sigma_) - 0.5 * kappa_ * (r * r + 1.0) + logI0;
}

}  // namespace geodex
