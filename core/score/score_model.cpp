#include "core/score/score_model.h"

#include <sstream>

#include "core/util/errors.h"
#include "core/util/library_errors.h"

namespace geodex {

namespace {
std::string describePoint(const Eigen::VectorXd& x) {
  std::ostringstream out;
  out << "(";
  const int shown = std::min<int>(static_cast<int>(x.size()), 4);
  for (int i = 0; i < shown; ++i) out << (i ? ", " : "") << x[i];
  if (x.size() > shown) out << ", ...";
  out << ")";
  return out.str();
}
}  // namespace

namespace {
// The library boundary of every score model: LibTorch's errors and bad_alloc from a compute*
// call become one line naming the model, the operation and the batch.
template <class Compute>
auto guarded(const ScoreModel& model, const char* what, const Eigen::MatrixXd& points,
             Compute&& compute) -> decltype(compute()) {
  try {
    return compute();
  } catch (...) {
    rethrowAsGeodexError("model '" + model.name() + "' failed on its " + what + " of " +
                         std::to_string(points.cols()) + " points in R^" +
                         std::to_string(points.rows()));
  }
}
}  // namespace

void ScoreModel::checkPoints(const Eigen::MatrixXd& points, const char* what) const {
  if (points.rows() != dimension()) {
    throw InvalidArgumentError(std::string(what) + ": model '" + name() + "' expects points in R^" +
                               std::to_string(dimension()) + ", got dimension " +
                               std::to_string(points.rows()));
  }
  // Non-finite points come from a computation that already broke down (a diverging path), so
  // this is the run failing, not a bad argument.
  if (!points.allFinite())
    throw NumericalError("model '" + name() + "' was asked for its " + what +
                         " at a non-finite point (the path feeding it diverged)");
}

void ScoreModel::checkVectors(const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  if (vectors.rows() != points.rows() || vectors.cols() != points.cols())
    throw InvalidArgumentError("Jacobian product: vectors must have the points' shape [" +
                               std::to_string(points.rows()) + " × " +
                               std::to_string(points.cols()) + "]");
}

void ScoreModel::checkFinite(const Eigen::MatrixXd& values, const Eigen::MatrixXd& points,
                             const char* what) const {
  if (values.allFinite()) return;
  for (Eigen::Index j = 0; j < values.cols(); ++j) {
    if (!values.col(j).allFinite()) {
      // A result of this run, not the content of a file: NumericalError (the run failed).
      throw NumericalError("model '" + name() + "' returned a non-finite " + what + " at point " +
                       describePoint(points.col(j)));
    }
  }
}

Eigen::MatrixXd ScoreModel::score(const Eigen::MatrixXd& points) const {
  checkPoints(points, "score");
  Eigen::MatrixXd s = guarded(*this, "score", points, [&] { return computeScore(points); });
  scoreEvaluations_ += points.cols();
  checkFinite(s, points, "score");
  return s;
}

Eigen::MatrixXd ScoreModel::derivativeProduct(const char* what, const Eigen::MatrixXd& points,
                                              const Eigen::MatrixXd& vectors,
                                              DerivativeProduct compute) const {
  checkPoints(points, what);
  checkVectors(points, vectors);
  Eigen::MatrixXd product =
      guarded(*this, what, points, [&] { return (this->*compute)(points, vectors); });
  jacobianProducts_ += points.cols();
  scoreEvaluations_ += points.cols();  // a forward pass is part of every derivative product
  checkFinite(product, points, what);
  return product;
}

Eigen::MatrixXd ScoreModel::jacobianVectorProduct(const Eigen::MatrixXd& points,
                                                  const Eigen::MatrixXd& vectors) const {
  return derivativeProduct("Jacobian-vector product", points, vectors,
                           &ScoreModel::computeJacobianVectorProduct);
}

Eigen::MatrixXd ScoreModel::vectorJacobianProduct(const Eigen::MatrixXd& points,
                                                  const Eigen::MatrixXd& vectors) const {
  return derivativeProduct("vector-Jacobian product", points, vectors,
                           &ScoreModel::computeVectorJacobianProduct);
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> ScoreModel::scoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  checkPoints(points, "score");
  checkVectors(points, vectors);
  auto result = guarded(*this, "score", points,
                        [&] { return computeScoreAndVectorJacobianProduct(points, vectors); });
  scoreEvaluations_ += points.cols();
  jacobianProducts_ += points.cols();
  checkFinite(result.first, points, "score");
  checkFinite(result.second, points, "vector-Jacobian product");
  return result;
}

Eigen::VectorXd ScoreModel::logDensity(const Eigen::MatrixXd& points) const {
  if (!hasLogDensity())
    throw ModelError("model '" + name() + "' has no log-density (needed by the conformal metric)");
  checkPoints(points, "log-density");
  Eigen::VectorXd logp =
      guarded(*this, "log-density", points, [&] { return computeLogDensity(points); });
  checkFinite(logp.transpose(), points, "log-density");
  return logp;
}

Eigen::MatrixXd ScoreModel::computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                                         const Eigen::MatrixXd& vectors) const {
  if (!isGradientField())
    throw ModelError("model '" + name() + "' must implement its vector-Jacobian product");
  return computeJacobianVectorProduct(points, vectors);
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> ScoreModel::computeScoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  return {computeScore(points), computeVectorJacobianProduct(points, vectors)};
}

Eigen::VectorXd ScoreModel::computeLogDensity(const Eigen::MatrixXd&) const {
  throw ModelError("model '" + name() + "' has no log-density");
}

}  // namespace geodex
