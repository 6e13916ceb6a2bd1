#include "core/score/radial_score_model.h"

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

RadialScoreModel::RadialScoreModel(double sigma) : sigma_(sigma), kappa_(1.0 / (sigma * sigma)) {
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    throw InvalidArgumentError("σ must be positive and finite, got " + numberText(sigma));
}

Eigen::MatrixXd RadialScoreModel::computeScore(const Eigen::MatrixXd& points) const {
  Eigen::MatrixXd s(points.rows(), points.cols());
  for (Eigen::Index j = 0; j < points.cols(); ++j) {
    const double r = points.col(j).norm();
    s.col(j) = profile(r).valueOverRadius * points.col(j);
  }
  return s;
}

Eigen::MatrixXd RadialScoreModel::computeJacobianVectorProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  Eigen::MatrixXd jv(points.rows(), points.cols());
  for (Eigen::Index j = 0; j < points.cols(); ++j) {
    const double r = points.col(j).norm();
    const RadialProfile p = profile(r);
    const Eigen::VectorXd v = vectors.col(j);
    if (r == 0.0) {  // isotropic at the centre: J = f'(0) I = (f/r)(0) I
      jv.col(j) = p.valueOverRadius * v;
      continue;
    }
    const Eigen::VectorXd n = points.col(j) / r;
    const double radial = n.dot(v);
    jv.col(j) = p.derivative * radial * n + p.valueOverRadius * (v - radial * n);
  }
  return jv;
}

Eigen::VectorXd RadialScoreModel::computeLogDensity(const Eigen::MatrixXd& points) const {
  Eigen::VectorXd logp(points.cols());
  for (Eigen::Index j = 0; j < points.cols(); ++j) logp[j] = logDensityAtRadius(points.col(j).norm());
  return logp;
}

double RadialScoreModel::ridgeRadius() const {
  // f > 0 inside the ridge, f < 0 outside; the ridge lies in (0, 2) for unit shells.
  double lo = 1e-9, hi = 2.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (profile(mid).value > 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace geodex
