#include "core/geometry/path_energy.h"

#include <cmath>

#include "core/util/errors.h"

namespace geodex {

PathEnergyEvaluation PathEnergy::evaluate(const Eigen::MatrixXd& path, bool withGradient) const {
  if (path.rows() != metric_.dimension())
    throw InvalidArgumentError("path lives in R^" + std::to_string(path.rows()) + ", metric in R^" +
                               std::to_string(metric_.dimension()));
  if (path.cols() < 2) throw InvalidArgumentError("a path needs at least 2 points");
  const Eigen::Index segments = path.cols() - 1;
  PathEnergyEvaluation out;
  out.steps = path.rightCols(segments) - path.leftCols(segments);
  out.midpoints = 0.5 * (path.rightCols(segments) + path.leftCols(segments));
  out.metric = metric_.evaluate(out.midpoints, out.steps, withGradient);
  const Eigen::VectorXd& q = out.metric.quadratic;
  if (!q.allFinite() || (q.array() < 0.0).any())
    throw NumericalError("metric '" + metric_.name() + "' gave a non-finite or negative v'gv");
  const double n = static_cast<double>(segments);
  out.energy = 0.5 * n * q.sum();
  out.length = q.array().sqrt().sum();
  if (withGradient) {
    // Segment i touches xᵢ (Δ: −1, m: ½) and xᵢ₊₁ (Δ: +1, m: ½).
    const Eigen::MatrixXd& gm = out.metric.gradientPoint;
    const Eigen::MatrixXd& gv = out.metric.gradientVelocity;
    out.gradient = Eigen::MatrixXd::Zero(path.rows(), path.cols());
    out.gradient.rightCols(segments) += gv + 0.5 * gm;
    out.gradient.leftCols(segments) += -gv + 0.5 * gm;
    out.gradient *= 0.5 * n;
    out.gradient.col(0).setZero();
    out.gradient.col(segments).setZero();
  }
  return out;
}

}  // namespace geodex
