#include "core/geometry/neighbour_graph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <queue>

#include "core/util/errors.h"

namespace geodex {

void forEachSquaredDistanceBlock(
    const Eigen::MatrixXd& points,
    const std::function<void(Eigen::Index start, const Eigen::MatrixXd& d2)>& visit) {
  const Eigen::Index n = points.cols();
  const Eigen::VectorXd norms = points.colwise().squaredNorm().transpose();
  constexpr Eigen::Index kBlock = 512;
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index count = std::min(kBlock, n - start);
    Eigen::MatrixXd d2 = -2.0 * points.transpose() * points.middleCols(start, count);
    d2.colwise() += norms;
    d2.rowwise() += norms.segment(start, count).transpose();
    visit(start, d2.cwiseMax(0.0));
  }
}

NeighbourGraph NeighbourGraph::kNearest(const Eigen::MatrixXd& points, int k) {
  const Eigen::Index n = points.cols();
  if (n < 2) throw InvalidArgumentError("a neighbour graph needs at least 2 points");
  if (k < 1 || k >= n)
    throw InvalidArgumentError("the neighbour count k must be in [1, " + std::to_string(n - 1) +
                               "] for " + std::to_string(n) + " points, got " + std::to_string(k));
  if (!points.allFinite()) throw InvalidArgumentError("neighbour graph points must be finite");
  std::vector<Edge> edges;
  edges.reserve(std::size_t(n) * std::size_t(k));
  std::vector<std::pair<double, int>> row(static_cast<std::size_t>(n));
  forEachSquaredDistanceBlock(points, [&](Eigen::Index start, const Eigen::MatrixXd& d2) {
    for (Eigen::Index c = 0; c < d2.cols(); ++c) {
      const int i = int(start + c);
      for (Eigen::Index j = 0; j < n; ++j)
        row[j] = {j == i ? std::numeric_limits<double>::infinity() : d2(j, c), int(j)};
      std::nth_element(row.begin(), row.begin() + (k - 1), row.end());
      for (int m = 0; m < k; ++m) {
        const int j = row[m].second;
        edges.push_back({std::min(i, j), std::max(i, j), std::sqrt(row[m].first)});
      }
    }
  });
  return NeighbourGraph(int(n), std::move(edges));
}

NeighbourGraph::NeighbourGraph(int nodes, std::vector<Edge> edges) : nodes_(nodes) {
  if (nodes < 1) throw InvalidArgumentError("a graph needs at least one node");
  std::map<std::pair<int, int>, double> unique;
  for (const Edge& e : edges) {
    if (e.from == e.to || e.from < 0 || e.to < 0 || e.from >= nodes || e.to >= nodes)
      throw InvalidArgumentError("graph edge " + std::to_string(e.from) + "–" +
                                 std::to_string(e.to) + " is not between two distinct nodes of " +
                                 std::to_string(nodes));
    if (!(e.weight >= 0.0) || !std::isfinite(e.weight))
      throw InvalidArgumentError("graph edge weights must be finite and non-negative");
    const std::pair<int, int> key{std::min(e.from, e.to), std::max(e.from, e.to)};
    auto [it, inserted] = unique.emplace(key, e.weight);
    if (!inserted) it->second = std::min(it->second, e.weight);
  }
  edges_.reserve(unique.size());
  for (const auto& [key, weight] : unique) edges_.push_back({key.first, key.second, weight});
  buildAdjacency();
}

void NeighbourGraph::buildAdjacency() {
  adjacency_.assign(std::size_t(nodes_), {});
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    adjacency_[edges_[e].from].push_back({edges_[e].to, int(e)});
    adjacency_[edges_[e].to].push_back({edges_[e].from, int(e)});
  }
}

void NeighbourGraph::setWeights(const Eigen::VectorXd& weights) {
  if (weights.size() != Eigen::Index(edges_.size()))
    throw InvalidArgumentError("graph has " + std::to_string(edges_.size()) + " edges, got " +
                               std::to_string(weights.size()) + " weights");
  for (Eigen::Index e = 0; e < weights.size(); ++e) {
    if (!(weights[e] >= 0.0) || !std::isfinite(weights[e]))
      throw NumericalError("graph edge weight " + std::to_string(e) +
                           " is negative or not finite");
    edges_[e].weight = weights[e];
  }
}

void NeighbourGraph::dijkstra(int source, Eigen::VectorXd& distance,
                              std::vector<int>& previous) const {
  if (source < 0 || source >= nodes_)
    throw InvalidArgumentError("graph node " + std::to_string(source) + " does not exist");
  distance = Eigen::VectorXd::Constant(nodes_, std::numeric_limits<double>::infinity());
  previous.assign(std::size_t(nodes_), -1);
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  distance[source] = 0.0;
  queue.push({0.0, source});
  while (!queue.empty()) {
    const auto [d, node] = queue.top();
    queue.pop();
    if (d > distance[node]) continue;
    for (const auto& [next, e] : adjacency_[node]) {
      const double candidate = d + edges_[e].weight;
      if (candidate < distance[next]) {
        distance[next] = candidate;
        previous[next] = node;
        queue.push({candidate, next});
      }
    }
  }
}

Eigen::VectorXd NeighbourGraph::distancesFrom(int source) const {
  Eigen::VectorXd distance;
  std::vector<int> previous;
  dijkstra(source, distance, previous);
  return distance;
}

std::vector<int> NeighbourGraph::shortestPath(int from, int to) const {
  Eigen::VectorXd distance;
  std::vector<int> previous;
  dijkstra(from, distance, previous);
  if (to < 0 || to >= nodes_)
    throw InvalidArgumentError("graph node " + std::to_string(to) + " does not exist");
  if (!std::isfinite(distance[to])) return {};
  std::vector<int> path;
  for (int node = to; node != -1; node = previous[node]) path.push_back(node);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace geodex
