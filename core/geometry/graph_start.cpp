#include "core/geometry/graph_start.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "core/geometry/evaluation_counter.h"
#include "core/geometry/metric_edge_lengths.h"
#include "core/geometry/neighbour_graph.h"
#include "core/util/errors.h"
#include "core/util/process_memory.h"
#include "core/util/stopwatch.h"

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

// Union–find labels of the graph's connected components: label per node, and their count.
std::pair<std::vector<int>, int> componentsOf(const NeighbourGraph& graph) {
  std::vector<int> parent(static_cast<std::size_t>(graph.nodeCount()));
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = int(i);
  const auto root = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const NeighbourGraph::Edge& e : graph.edges()) parent[root(e.from)] = root(e.to);
  std::vector<int> label(parent.size(), -1), rootLabel(parent.size(), -1);
  int count = 0;
  for (std::size_t i = 0; i < parent.size(); ++i) {
    const int r = root(int(i));
    if (rootLabel[r] < 0) rootLabel[r] = count++;
    label[i] = rootLabel[r];
  }
  return {label, count};
}

// The edges that join a graph of several components into one: for every pair of components its
// kCandidates closest node pairs (Euclidean) are measured under the metric, and Kruskal keeps the
// shortest metric bridges that join components (a spanning tree over them). Empty when the graph
// is connected.
std::vector<NeighbourGraph::Edge> shortestBridges(const Metric& metric,
                                                  const Eigen::MatrixXd& nodes,
                                                  const NeighbourGraph& graph,
                                                  const GraphStartOptions& options,
                                                  const SolverControl& control) {
  constexpr std::size_t kCandidates = 8;
  const auto [label, count] = componentsOf(graph);
  if (count < 2) return {};
  const Eigen::Index n = nodes.cols();
  // Per component pair (a < b): its closest node pairs, as (distance², from, to), kept sorted.
  std::map<std::pair<int, int>, std::vector<std::tuple<double, int, int>>> closest;
  forEachSquaredDistanceBlock(nodes, [&](Eigen::Index start, const Eigen::MatrixXd& d2) {
    for (Eigen::Index c = 0; c < d2.cols(); ++c) {
      const int i = int(start + c);
      for (int j = i + 1; j < n; ++j) {
        if (label[i] == label[j]) continue;
        auto& list = closest[{std::min(label[i], label[j]), std::max(label[i], label[j])}];
        const std::tuple<double, int, int> candidate{d2(j, c), i, j};
        if (list.size() == kCandidates && !(candidate < list.back())) continue;
        list.insert(std::upper_bound(list.begin(), list.end(), candidate), candidate);
        if (list.size() > kCandidates) list.pop_back();
      }
    }
  });
  std::vector<NeighbourGraph::Edge> candidates;
  for (const auto& [pair, list] : closest)
    for (const auto& [distance, i, j] : list) candidates.push_back({i, j, 0.0});
  const Eigen::VectorXd lengths =
      metricEdgeLengths(metric, nodes, candidates, options.edgePieces, options.batch, control);
  for (std::size_t e = 0; e < candidates.size(); ++e)
    candidates[e].weight = lengths[Eigen::Index(e)];
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.weight < b.weight; });
  std::vector<int> parent(static_cast<std::size_t>(count));
  for (int c = 0; c < count; ++c) parent[std::size_t(c)] = c;
  const auto root = [&](int c) {
    while (parent[c] != c) c = parent[c] = parent[parent[c]];
    return c;
  };
  std::vector<NeighbourGraph::Edge> bridges;
  for (const NeighbourGraph::Edge& e : candidates) {
    const int a = root(label[e.from]), b = root(label[e.to]);
    if (a == b) continue;
    parent[a] = b;
    bridges.push_back(e);
  }
  return bridges;
}

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
  const Stopwatch start;
  const EvaluationCounter counter(metric);
  const Eigen::Index n = references.cols();
  // The nodes (a copy of the pool and the ends) and one block of 512 columns of squared
  // distances to every node, the largest allocations here; refused with their size first.
  const double nodeCount = double(n) + 2.0;
  checkAllocation("the graph start's " + std::to_string(n) + " reference points in R^" +
                      std::to_string(references.rows()) + " and their distance blocks",
                  8.0 * nodeCount * (double(references.rows()) + 512.0),
                  "use fewer reference points");
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
        metricEdgeLengths(metric, nodes, graph.edges(), options.edgePieces, options.batch, control);
    graph.setWeights(lengths);
    route = graph.shortestPath(int(n), int(n + 1));
    if (!route.empty()) break;
    const int wider = std::min<int>(2 * k, int(nodes.cols()) - 1);
    if (raise == options.neighbourRaises || wider == k) {
      // Still apart (two moons, separate clusters): the components are joined by their shortest
      // metric bridges rather than refused.
      std::vector<NeighbourGraph::Edge> edges =
          shortestBridges(metric, nodes, graph, options, control);
      result.bridges = int(edges.size());
      edges.insert(edges.end(), graph.edges().begin(), graph.edges().end());
      graph = NeighbourGraph(int(nodes.cols()), std::move(edges));
      route = graph.shortestPath(int(n), int(n + 1));
      if (route.empty())  // cannot happen: the bridges span every component
        throw NumericalError("the bridged neighbour graph still does not connect the two ends");
      break;
    }
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
  result.scoreEvaluations = counter.scoreEvaluations();
  result.seconds = start.seconds();
  return result;
}

}  // namespace geodex
