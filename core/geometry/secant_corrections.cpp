#include "core/geometry/secant_corrections.h"

#include <cmath>
#include <vector>

namespace geodex {

namespace {
double dot(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a.array() * b.array()).sum(); }
}  // namespace

void SecantCorrections::add(Eigen::MatrixXd step, Eigen::MatrixXd gradientChange) {
  if (memory_ <= 0) return;
  const double curvature = dot(step, gradientChange);
  // A pair of (numerically) non-positive curvature would make the corrected model indefinite.
  if (!(curvature > 1e-12 * step.norm() * gradientChange.norm()) || !std::isfinite(curvature))
    return;
  if (int(pairs_.size()) == memory_) pairs_.pop_front();
  pairs_.push_back({std::move(step), std::move(gradientChange), 1.0 / curvature});
}

Eigen::MatrixXd SecantCorrections::apply(const Eigen::MatrixXd& gradient,
                                         const Solve& baseInverse) const {
  if (pairs_.empty()) return baseInverse(gradient);
  Eigen::MatrixXd q = gradient;
  std::vector<double> alpha(pairs_.size());
  for (std::size_t k = pairs_.size(); k-- > 0;) {
    alpha[k] = pairs_[k].inverseCurvature * dot(pairs_[k].step, q);
    q -= alpha[k] * pairs_[k].gradientChange;
  }
  Eigen::MatrixXd r = baseInverse(q);
  for (std::size_t k = 0; k < pairs_.size(); ++k) {
    const double beta = pairs_[k].inverseCurvature * dot(pairs_[k].gradientChange, r);
    r += (alpha[k] - beta) * pairs_[k].step;
  }
  return r;
}

}  // namespace geodex
