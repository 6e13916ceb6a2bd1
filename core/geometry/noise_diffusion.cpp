#include "core/geometry/noise_diffusion.h"

#include <cmath>
#include <numbers>
#include <string>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

void checkInputs(const Eigen::VectorXd& noisyA, const Eigen::VectorXd& noisyB,
                 const Eigen::VectorXd& cleanA, const Eigen::VectorXd& cleanB, double alphaBar,
                 const NoiseDiffusionOptions& options) {
  const Eigen::Index d = noisyA.size();
  if (d == 0 || noisyB.size() != d || cleanA.size() != d || cleanB.size() != d)
    throw InvalidArgumentError(
        "NoiseDiffusion: the noisy and clean latents need one common, "
        "non-zero size, got " +
        std::to_string(noisyA.size()) + ", " + std::to_string(noisyB.size()) + ", " +
        std::to_string(cleanA.size()) + ", " + std::to_string(cleanB.size()));
  if (!(alphaBar > 0 && alphaBar <= 1))
    throw InvalidArgumentError("NoiseDiffusion: ᾱ_t must be in (0, 1], got " +
                               numberText(alphaBar));
  if (!(options.gamma >= 0 && options.gamma < 1))
    throw InvalidArgumentError("NoiseDiffusion: γ must be in [0, 1), got " +
                               numberText(options.gamma));
  if (!(options.signalBoost > 0))
    throw InvalidArgumentError("NoiseDiffusion: the signal boost k must be positive");
  if (options.gamma > 0 && options.noise.size() != d)
    throw InvalidArgumentError("NoiseDiffusion: γ > 0 needs the noise ε with " + std::to_string(d) +
                               " entries, got " + std::to_string(options.noise.size()));
}

Eigen::VectorXd clipped(const Eigen::VectorXd& v, double bound) {
  if (bound <= 0) return v;
  return v.cwiseMax(-bound).cwiseMin(bound);
}

Eigen::VectorXd interpolant(const Eigen::VectorXd& noisyA, const Eigen::VectorXd& noisyB,
                            const Eigen::VectorXd& cleanA, const Eigen::VectorXd& cleanB,
                            double alphaBar, double s, const NoiseDiffusionOptions& options) {
  const double keep = std::sqrt(1 - options.gamma * options.gamma);
  const double alpha = keep * std::cos(std::numbers::pi / 2 * s);
  const double beta = keep * std::sin(std::numbers::pi / 2 * s);
  const double mu = options.signalBoost * alpha / (alpha + beta);
  const double nu = options.signalBoost * beta / (alpha + beta);
  const double signal = std::sqrt(alphaBar);
  Eigen::VectorXd x = alpha * clipped(noisyA, options.clipBound) +
                      beta * clipped(noisyB, options.clipBound) + (mu - alpha) * signal * cleanA +
                      (nu - beta) * signal * cleanB;
  if (options.gamma > 0) x += options.gamma * std::sqrt(1 - alphaBar) * options.noise;
  return clipped(x, options.clipBound);
}

}  // namespace

Eigen::VectorXd noiseDiffusionPoint(const Eigen::VectorXd& noisyA, const Eigen::VectorXd& noisyB,
                                    const Eigen::VectorXd& cleanA, const Eigen::VectorXd& cleanB,
                                    double alphaBar, double s,
                                    const NoiseDiffusionOptions& options) {
  checkInputs(noisyA, noisyB, cleanA, cleanB, alphaBar, options);
  if (!(s >= 0 && s <= 1))
    throw InvalidArgumentError("NoiseDiffusion: s must be in [0, 1], got " + numberText(s));
  return interpolant(noisyA, noisyB, cleanA, cleanB, alphaBar, s, options);
}

Eigen::MatrixXd noiseDiffusionPath(const Eigen::VectorXd& noisyA, const Eigen::VectorXd& noisyB,
                                   const Eigen::VectorXd& cleanA, const Eigen::VectorXd& cleanB,
                                   double alphaBar, int points,
                                   const NoiseDiffusionOptions& options) {
  checkInputs(noisyA, noisyB, cleanA, cleanB, alphaBar, options);
  if (points < 2)
    throw InvalidArgumentError("NoiseDiffusion: a path needs at least 2 points, got " +
                               std::to_string(points));
  Eigen::MatrixXd path(noisyA.size(), points);
  for (int i = 0; i < points; ++i)
    path.col(i) =
        interpolant(noisyA, noisyB, cleanA, cleanB, alphaBar, double(i) / (points - 1), options);
  if (options.keepEndpoints) {
    path.col(0) = noisyA;
    path.col(points - 1) = noisyB;
  }
  return path;
}

}  // namespace geodex
