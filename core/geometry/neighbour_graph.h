#pragma once
// An undirected weighted graph over points: the k-nearest-neighbour graph (by Euclidean distance,
// symmetrised: i–j is an edge when either is among the other's k nearest) and Dijkstra's shortest
// paths over it. Used for the data-graph start of the geodesic solvers and for distance fields.
#include <Eigen/Dense>
#include <functional>
#include <utility>
#include <vector>

namespace geodex {

// Squared Euclidean distances between all points [d × n], a block of at most 512 columns at a
// time (O(n·block) memory): visit(start, d2) gets d2(j, c) = ‖x_j − x_(start+c)‖², clamped at 0
// against rounding, for every point j and the block's points c.
void forEachSquaredDistanceBlock(
    const Eigen::MatrixXd& points,
    const std::function<void(Eigen::Index start, const Eigen::MatrixXd& d2)>& visit);

class NeighbourGraph {
 public:
  struct Edge {
    int from = 0, to = 0;  // from < to
    double weight = 0.0;   // set by the caller (e.g. the edge's metric length); ≥ 0
  };

  // points [d × n], 1 ≤ k < n. Brute force in blocks (O(n² d) time, O(n·block) memory); weights
  // start as the Euclidean edge lengths. Throws InvalidArgumentError on bad sizes or non-finite
  // points.
  static NeighbourGraph kNearest(const Eigen::MatrixXd& points, int k);
  // A graph with given edges (from ≠ to, both in [0, nodes)); parallel edges keep the lightest.
  NeighbourGraph(int nodes, std::vector<Edge> edges);

  int nodeCount() const { return nodes_; }
  // Sorted by (from, to), one edge per pair.
  const std::vector<Edge>& edges() const { return edges_; }
  // Replaces every edge weight (same order as edges()); weights must be finite and ≥ 0.
  void setWeights(const Eigen::VectorXd& weights);

  // Shortest-path distances from `source` to every node (+∞ where unreachable).
  Eigen::VectorXd distancesFrom(int source) const;
  // The node sequence of a shortest path from → to, both included; empty when unreachable.
  std::vector<int> shortestPath(int from, int to) const;

 private:
  // Dijkstra from `source`; fills distances and predecessors (−1 for none).
  void dijkstra(int source, Eigen::VectorXd& distance, std::vector<int>& previous) const;
  void buildAdjacency();

  int nodes_ = 0;
  std::vector<Edge> edges_;
  std::vector<std::vector<std::pair<int, int>>> adjacency_;  // per node: (neighbour, edge index)
};

}  // namespace geodex
