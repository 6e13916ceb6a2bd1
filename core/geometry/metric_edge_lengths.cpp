#include "core/geometry/metric_edge_lengths.h"

#include <algorithm>
#include <cmath>

#include "core/geometry/node_embedding.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

// Metric lengths of all edges. Midpoint metrics: Σₖ √q(midpoint of piece k, piece). Pullback
// metrics: Σₖ ‖φ(pₖ₊₁) − φ(pₖ)‖ with the graph nodes embedded once.
class EdgeLengths {
 public:
  EdgeLengths(const Metric& metric, const Eigen::MatrixXd& nodes,
              const std::vector<NeighbourGraph::Edge>& edges, int pieces, int batch,
              const SolverControl& control)
      : metric_(metric),
        nodes_(nodes),
        edges_(edges),
        pieces_(pieces),
        batch_(batch),
        control_(control) {}

  Eigen::VectorXd compute() const {
    return metric_.nodeEmbedding() ? embedded(*metric_.nodeEmbedding()) : midpoints();
  }

 private:
  void reportAndCheck(std::size_t done) const {
    if (control_.progress)
      control_.progress(double(done) / std::max<std::size_t>(1, edges_.size()), 0, 0.0);
    control_.throwIfCancelled("measuring the graph's edges");
  }

  Eigen::VectorXd midpoints() const {
    const int pieces = pieces_;
    const std::size_t perBatch = std::max<std::size_t>(1, std::size_t(batch_) / pieces);
    Eigen::VectorXd lengths = Eigen::VectorXd::Zero(Eigen::Index(edges_.size()));
    for (std::size_t start = 0; start < edges_.size(); start += perBatch) {
      reportAndCheck(start);
      const std::size_t count = std::min(perBatch, edges_.size() - start);
      Eigen::MatrixXd centres(nodes_.rows(), Eigen::Index(count * pieces));
      Eigen::MatrixXd steps(nodes_.rows(), Eigen::Index(count * pieces));
      for (std::size_t e = 0; e < count; ++e) {
        const auto& edge = edges_[start + e];
        const Eigen::VectorXd a = nodes_.col(edge.from);
        const Eigen::VectorXd delta = (nodes_.col(edge.to) - a) / pieces;
        for (int k = 0; k < pieces; ++k) {
          centres.col(Eigen::Index(e * pieces + k)) = a + (k + 0.5) * delta;
          steps.col(Eigen::Index(e * pieces + k)) = delta;
        }
      }
      const Eigen::VectorXd q = metric_.evaluate(centres, steps, false).quadratic;
      if (!q.allFinite() || (q.array() < 0.0).any())
        throw NumericalError("metric '" + metric_.name() +
                             "' gave a non-finite or negative edge length");
      for (std::size_t e = 0; e < count; ++e)
        lengths[Eigen::Index(start + e)] =
            q.segment(Eigen::Index(e * pieces), pieces).array().sqrt().sum();
    }
    return lengths;
  }

  Eigen::VectorXd embedded(const NodeEmbedding& embedding) const {
    const int pieces = pieces_;
    Eigen::MatrixXd nodeImages(embedding.embeddingDimension(), nodes_.cols());
    const Eigen::Index batch = batch_;
    for (Eigen::Index start = 0; start < nodes_.cols(); start += batch) {
      control_.throwIfCancelled("measuring the graph's edges");
      const Eigen::Index count = std::min(batch, nodes_.cols() - start);
      nodeImages.middleCols(start, count) = embedding.embed(nodes_.middleCols(start, count));
    }
    Eigen::VectorXd lengths = Eigen::VectorXd::Zero(Eigen::Index(edges_.size()));
    if (pieces == 1) {
      for (std::size_t e = 0; e < edges_.size(); ++e)
        lengths[Eigen::Index(e)] =
            (nodeImages.col(edges_[e].to) - nodeImages.col(edges_[e].from)).norm();
      return lengths;
    }
    // The pieces' inner points are embedded in batches.
    const std::size_t perBatch =
        std::max<std::size_t>(1, std::size_t(batch_) / std::size_t(pieces - 1));
    for (std::size_t start = 0; start < edges_.size(); start += perBatch) {
      reportAndCheck(start);
      const std::size_t count = std::min(perBatch, edges_.size() - start);
      Eigen::MatrixXd inner(nodes_.rows(), Eigen::Index(count * (pieces - 1)));
      for (std::size_t e = 0; e < count; ++e) {
        const auto& edge = edges_[start + e];
        const Eigen::VectorXd a = nodes_.col(edge.from), b = nodes_.col(edge.to);
        for (int k = 1; k < pieces; ++k)
          inner.col(Eigen::Index(e * (pieces - 1) + k - 1)) = a + (double(k) / pieces) * (b - a);
      }
      const Eigen::MatrixXd innerImages = embedding.embed(inner);
      for (std::size_t e = 0; e < count; ++e) {
        const auto& edge = edges_[start + e];
        double length = 0.0;
        Eigen::VectorXd previous = nodeImages.col(edge.from);
        for (int k = 1; k <= pieces; ++k) {
          const Eigen::VectorXd next =
              k < pieces ? Eigen::VectorXd(innerImages.col(Eigen::Index(e * (pieces - 1) + k - 1)))
                         : Eigen::VectorXd(nodeImages.col(edge.to));
          length += (next - previous).norm();
          previous = next;
        }
        lengths[Eigen::Index(start + e)] = length;
      }
    }
    return lengths;
  }

  const Metric& metric_;
  const Eigen::MatrixXd& nodes_;
  const std::vector<NeighbourGraph::Edge>& edges_;
  const int pieces_;
  const int batch_;
  const SolverControl& control_;
};

}  // namespace

Eigen::VectorXd metricEdgeLengths(const Metric& metric, const Eigen::MatrixXd& nodes,
                                  const std::vector<NeighbourGraph::Edge>& edges, int pieces,
                                  int batch, const SolverControl& control) {
  if (pieces < 1 || pieces > 16)
    throw InvalidArgumentError("edge pieces must be in [1, 16], got " + std::to_string(pieces));
  if (batch < 1) throw InvalidArgumentError("the edge batch size must be at least 1");
  if (nodes.rows() != metric.dimension())
    throw InvalidArgumentError("graph nodes must lie in R^" + std::to_string(metric.dimension()));
  return EdgeLengths(metric, nodes, edges, pieces, batch, control).compute();
}

}  // namespace geodex
