#include "core/geometry/path_energy.h"

#include <cmath>

#include "core/geometry/node_embedding.h"
#include "core/geometry/refined_polygon.h"
#include "core/util/errors.h"

namespace geodex {

PathEnergyEvaluation PathEnergy::evaluate(const Eigen::MatrixXd& path, bool withGradient) const {
  if (path.rows() != metric_.dimension())
    throw InvalidArgumentError("path lives in R^" + std::to_string(path.rows()) + ", metric in R^" +
                               std::to_string(metric_.dimension()));
  if (path.cols() < 2) throw InvalidArgumentError("a path needs at least 2 points");
  const Eigen::Index segments = path.cols() - 1;
  PathEnergyEvaluation out;
  out.nodes = path;
  out.steps = path.rightCols(segments) - path.leftCols(segments);
  out.midpoints = 0.5 * (path.rightCols(segments) + path.leftCols(segments));
  if (const NodeEmbedding* embedding = metric_.nodeEmbedding()) {
    evaluateNodeForm(*embedding, withGradient, out);
    return out;
  }
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

void PathEnergy::evaluateNodeForm(const NodeEmbedding& embedding, bool withGradient,
                                  PathEnergyEvaluation& out) const {
  const RefinedPolygon refinement(embedding.segmentPieces());
  const Eigen::MatrixXd refined = refinement.spread(out.nodes);
  const Eigen::Index pieces = refined.cols() - 1;
  out.embedded = embedding.embed(refined);
  const Eigen::MatrixXd differences =
      out.embedded.rightCols(pieces) - out.embedded.leftCols(pieces);
  // qᵢ of segment i: K Σ over its K pieces, so that E = (N/2) Σ qᵢ = (NK/2) Σ ‖piece‖².
  const Eigen::VectorXd pieceSquares = differences.colwise().squaredNorm().transpose();
  const int k = refinement.pieces();
  const Eigen::Index segments = out.nodes.cols() - 1;
  out.metric.quadratic.resize(segments);
  Eigen::VectorXd segmentLengths(segments);
  for (Eigen::Index i = 0; i < segments; ++i) {
    out.metric.quadratic[i] = k * pieceSquares.segment(i * k, k).sum();
    segmentLengths[i] = pieceSquares.segment(i * k, k).array().sqrt().sum();
  }
  if (!pieceSquares.allFinite())
    throw NumericalError("metric '" + metric_.name() + "' gave a non-finite energy");
  out.energy = 0.5 * double(pieces) * pieceSquares.sum();
  out.length = segmentLengths.sum();
  if (!withGradient) return;
  // ∂E/∂pₘ = NK · Dφ(pₘ)ᵀ (rₘ₋₁ − rₘ) at the refined points, gathered onto the nodes.
  Eigen::MatrixXd refinedGradient = Eigen::MatrixXd::Zero(refined.rows(), refined.cols());
  if (pieces >= 2) {
    const Eigen::MatrixXd cotangents =
        double(pieces) * (differences.leftCols(pieces - 1) - differences.rightCols(pieces - 1));
    refinedGradient.middleCols(1, pieces - 1) = embedding.embeddingJacobianTransposeProduct(
        refined.middleCols(1, pieces - 1), cotangents);
  }
  out.gradient = refinement.gather(refinedGradient);
  out.gradient.col(0).setZero();
  out.gradient.col(segments).setZero();
}

double PathEnergy::refinedLength(const Eigen::MatrixXd& path,
                                 const RefinedPolygon& refinement) const {
  return evaluate(refinement.spread(path), false).length;
}

}  // namespace geodex
