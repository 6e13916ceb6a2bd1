#include "core/geometry/graph_start.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/geometry/neighbour_graph.h"
#include "core/geometry/node_embedding.h"
#include "core/score/score_model.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

void validate(const Metric& metric, const Eigen::MatrixXd& references, const Eigen::VectorXd& from,
              const Eigen::VectorXd& to, int points, const GraphStartOptions& options) {
  const int d = metric.dimension();
  if (references.rows() != d || references.cols() < 1)
    throw InvalidArgumentError("the graph start needs reference points in R^" + std::to_string(d) +
                               ", got [" + std::to_string(references.rows()) + " × " +
                               std::to_string(references.cols()) + "]");
  if (!references.allFinite()) throw InvalidArgumentError("reference points must be finite");
  if (from.size() != d || to.size() != d || !from.allFinite() || !to.allFinite())
    throw InvalidArgumentError("graph start ends must be finite points of R^" + std::to_string(d));
  if (points < 2) throw InvalidArgumentError("a path needs at least 2 points");
  if (options.neighbourRaises < 0 || options.neighbourRaises > 8)
    throw InvalidArgumentError("the graph's neighbour raises must be 0 to 8, got " +
                               std::to_string(options.neighbourRaises));
  if (options.neighbours < 1)
    throw InvalidArgumentError("the graph's neighbour count k must be at least 1, got " +
                               std::to_string(options.neighbours));
  if (options.edgePieces < 1 || options.edgePieces > 16)
    throw InvalidArgumentError("edge pieces must be in [1, 16], got " +
                               std::to_string(options.edgePieces));
  if (options.batch < 1) throw InvalidArgumentError("the graph's batch size must be at least 1");
}

// Metric lengths of all edges. Midpoint metrics: Σₖ √q(midpoint of piece k, piece). Pullback
// metrics: Σₖ ‖φ(pₖ₊₁) − φ(pₖ)‖ with the graph nodes embedded once.
class EdgeLengths {
 public:
  EdgeLengths(const Metric& metric, const Eigen::MatrixXd& nodes,
              const std::vector<NeighbourGraph::Edge>& edges, const GraphStartOptions& options,
              const SolverControl& control)
      : metric_(metric), nodes_(nodes), edges_(edges), options_(options), control_(control) {}

  // Empty when cancelled.
  Eigen::VectorXd compute() const {
    return metric_.nodeEmbedding() ? embedded(*metric_.nodeEmbedding()) : midpoints();
  }

 private:
  bool cancelled(std::size_t done) const {
    if (control_.progress)
      control_.progress(double(done) / std::max<std::size_t>(1, edges_.size()), 0, 0.0);
    return control_.cancelled();
  }

  Eigen::VectorXd midpoints() const {
    const int pieces = options_.edgePieces;
    const std::size_t perBatch = std::max<std::size_t>(1, std::size_t(options_.batch) / pieces);
    Eigen::VectorXd lengths = Eigen::VectorXd::Zero(Eigen::Index(edges_.size()));
    for (std::size_t start = 0; start < edges_.size(); start += perBatch) {
      if (cancelled(start)) return {};
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
        lengths[Eigen::Index(start + e)] = q.segment(Eigen::Index(e * pieces), pieces).array().sqrt().sum();
    }
    return lengths;
  }

  Eigen::VectorXd embedded(const NodeEmbedding& embedding) const {
    const int pieces = options_.edgePieces;
    Eigen::MatrixXd nodeImages(embedding.embeddingDimension(), nodes_.cols());
    const Eigen::Index batch = options_.batch;
    for (Eigen::Index start = 0; start < nodes_.cols(); start += batch) {
      if (control_.cancelled()) return {};
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
        std::max<std::size_t>(1, std::size_t(options_.batch) / std::size_t(pieces - 1));
    for (std::size_t start = 0; start < edges_.size(); start += perBatch) {
      if (cancelled(start)) return {};
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
          const Eigen::VectorXd next = k < pieces
                                           ? Eigen::VectorXd(innerImages.col(
                                                 Eigen::Index(e * (pieces - 1) + k - 1)))
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
  const GraphStartOptions& options_;
  const SolverControl& control_;
};

}  // namespace

Eigen::MatrixXd resampleByArcLength(const Eigen::MatrixXd& polyline,
                                    const Eigen::VectorXd& pieceLengths, int points) {
  const Eigen::Index m = polyline.cols();
  if (m < 2 || pieceLengths.size() != m - 1 || points < 2)
    throw InvalidArgumentError("resampling needs a polyline of ≥ 2 points, its piece lengths and "
                               "≥ 2 output points");
  Eigen::VectorXd cumulative(m);
  cumulative[0] = 0.0;
  for (Eigen::Index i = 1; i < m; ++i) cumulative[i] = cumulative[i - 1] + pieceLengths[i - 1];
  const double total = cumulative[m - 1];
  Eigen::MatrixXd out(polyline.rows(), points);
  Eigen::Index piece = 0;
  for (int p = 0; p < points; ++p) {
    const double target = total * double(p) / (points - 1);
    while (piece + 1 < m - 1 && cumulative[piece + 1] < target) ++piece;
    const double span = cumulative[piece + 1] - cumulative[piece];
    const double t = span > 0.0 ? std::clamp((target - cumulative[piece]) / span, 0.0, 1.0) : 0.0;
    out.col(p) = (1.0 - t) * polyline.col(piece) + t * polyline.col(piece + 1);
  }
  out.col(0) = polyline.col(0);
  out.col(points - 1) = polyline.col(m - 1);
  return out;
}

GraphStartResult computeGraphStart(const Metric& metric, const Eigen::MatrixXd& references,
                                   const Eigen::VectorXd& from, const Eigen::VectorXd& to,
                                   int points, const GraphStartOptions& options,
                                   const SolverControl& control) {
  validate(metric, references, from, to, points, options);
  const auto start = std::chrono::steady_clock::now();
  const ScoreModel* model = metric.scoreModel();
  const long long scoresBefore = model ? model->scoreEvaluations() : 0;
  const Eigen::Index n = references.cols();
  Eigen::MatrixXd nodes(references.rows(), n + 2);
  nodes.leftCols(n) = references;
  nodes.col(n) = from;
  nodes.col(n + 1) = to;

  GraphStartResult result;
  result.referenceCount = int(n);
  // A graph that does not connect the ends gets twice the neighbours, up to kMaxRaises times
  // (the references may form clusters — one per digit — that k links only near the ends).
  int k = std::min<int>(options.neighbours, int(nodes.cols()) - 1);
  NeighbourGraph graph = NeighbourGraph::kNearest(nodes, k);
  std::vector<int> route;
  for (int raise = 0;; ++raise) {
    const Eigen::VectorXd lengths =
        EdgeLengths(metric, nodes, graph.edges(), options, control).compute();
    if (lengths.size() == 0) {
      result.cancelled = true;
      return result;
    }
    graph.setWeights(lengths);
    route = graph.shortestPath(int(n), int(n + 1));
    if (!route.empty()) break;
    const int wider = std::min<int>(2 * k, int(nodes.cols()) - 1);
    if (raise == options.neighbourRaises || wider == k)
      throw InvalidArgumentError(
          "the " + std::to_string(k) + "-nearest-neighbour graph over " + std::to_string(n) +
          " " + options.referenceLabel +
          " does not connect the two ends: raise the neighbour count k or add reference points");
    k = wider;
    graph = NeighbourGraph::kNearest(nodes, k);
  }
  result.neighbours = k;
  result.edgeCount = int(graph.edges().size());

  Eigen::MatrixXd polyline(nodes.rows(), Eigen::Index(route.size()));
  Eigen::VectorXd pieceLengths(Eigen::Index(route.size()) - 1);
  for (std::size_t i = 0; i < route.size(); ++i) {
    polyline.col(Eigen::Index(i)) = nodes.col(route[i]);
    result.vertices.push_back(route[i] == n ? -1 : route[i] == n + 1 ? -2 : route[i]);
  }
  // Each piece's length is its edge's weight.
  for (std::size_t i = 0; i + 1 < route.size(); ++i) {
    const int a = std::min(route[i], route[i + 1]), b = std::max(route[i], route[i + 1]);
    const auto& edges = graph.edges();
    const auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(a, b),
                                     [](const NeighbourGraph::Edge& e, const std::pair<int, int>& key) {
                                       return std::make_pair(e.from, e.to) < key;
                                     });
    pieceLengths[Eigen::Index(i)] = it->weight;
  }
  result.graphLength = pieceLengths.sum();
  result.path = resampleByArcLength(polyline, pieceLengths, points);
  result.path.col(0) = from;
  result.path.col(points - 1) = to;
  if (model) result.scoreEvaluations = model->scoreEvaluations() - scoresBefore;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace geodex
