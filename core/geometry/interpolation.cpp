#include "core/geometry/interpolation.h"

#include <cmath>

#include "core/util/errors.h"

namespace geodex {

namespace {
void checkEnds(const Eigen::VectorXd& from, const Eigen::VectorXd& to, int points) {
  if (from.size() != to.size())
    throw InvalidArgumentError("path ends differ in dimension: " + std::to_string(from.size()) +
                               " and " + std::to_string(to.size()));
  if (points < 2) throw InvalidArgumentError("a path needs at least 2 points");
  if (!from.allFinite() || !to.allFinite())
    throw InvalidArgumentError("path ends must be finite");
}
}  // namespace

Eigen::MatrixXd lerpPath(const Eigen::VectorXd& from, const Eigen::VectorXd& to, int points) {
  checkEnds(from, to, points);
  Eigen::MatrixXd path(from.size(), points);
  for (int i = 0; i < points; ++i) {
    const double t = static_cast<double>(i) / (points - 1);
    path.col(i) = (1.0 - t) * from + t * to;
  }
  return path;
}

Eigen::MatrixXd slerpPath(const Eigen::VectorXd& from, const Eigen::VectorXd& to, int points) {
  checkEnds(from, to, points);
  const double na = from.norm(), nb = to.norm();
  if (na == 0.0 || nb == 0.0) return lerpPath(from, to, points);
  const double cosine = std::clamp(from.dot(to) / (na * nb), -1.0, 1.0);
  const double omega = std::acos(cosine);
  const double sine = std::sin(omega);
  if (sine < 1e-6) return lerpPath(from, to, points);
  Eigen::MatrixXd path(from.size(), points);
  for (int i = 0; i < points; ++i) {
    const double t = static_cast<double>(i) / (points - 1);
    path.col(i) = (std::sin((1.0 - t) * omega) * from + std::sin(t * omega) * to) / sine;
  }
  path.col(0) = from;  // exact ends despite rounding
  path.col(points - 1) = to;
  return path;
}

}  // namespace geodex
