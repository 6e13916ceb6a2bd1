#pragma once
// The data-graph start of the geodesic solvers: a k-nearest-neighbour graph over reference points
// (data samples, rotated copies of a digit, encoded images, ...) plus the two ends, every edge
// weighted by its length under the metric (a segment quadrature, batched score calls), Dijkstra
// from one end to the other, and the graph path resampled to the requested number of points at
// equal metric arc length. A local solver started from a straight or spherical path cannot drag
// it around a roll, a hole or along a rotation; started here it only refines.
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/geometry/metric.h"
#include "core/util/solver_control.h"

namespace geodex {

struct GraphStartOptions {
  int neighbours = 10;  // k of the k-nearest-neighbour graph
  // When the graph does not connect the ends, k is doubled this many times; a graph still in
  // several components is then joined by its shortest metric bridges (never refused).
  int neighbourRaises = 2;
  // Sub-segments per edge for its metric length: the midpoint rule on each piece (pullback
  // metrics: node differences over the pieces). More than one keeps an edge from jumping a
  // density ridge through a midpoint where the score vanishes.
  int edgePieces = 3;
  int batch = 4096;  // metric evaluations per call
  // What the reference points are, for messages ("the digit's 360 rotations").
  std::string referenceLabel = "reference points";
};

struct GraphStartResult {
  Eigen::MatrixXd path;       // [d × points], ends exactly `from` and `to`
  std::vector<int> vertices;  // the graph path: reference indices; −1 = from, −2 = to
  double graphLength = 0.0;   // metric length along the graph path
  int referenceCount = 0;
  int neighbours = 0;  // the k that connected the ends
  int edgeCount = 0;
  int bridges = 0;  // edges added to join components (see GraphStartOptions::neighbourRaises)
  long long scoreEvaluations = 0;  // spent on the edge weights
  double seconds = 0.0;
};

// references [d × n] (n ≥ 1), ends [d]. Throws InvalidArgumentError on bad shapes or options.
GraphStartResult computeGraphStart(const Metric& metric, const Eigen::MatrixXd& references,
                                   const Eigen::VectorXd& from, const Eigen::VectorXd& to,
                                   int points, const GraphStartOptions& options = {},
                                   const SolverControl& control = {});

// A polyline [d × m] resampled to `points` points at equal arc length, where `pieceLengths` [m−1]
// are the lengths of its pieces (any metric); the ends are kept exactly.
Eigen::MatrixXd resampleByArcLength(const Eigen::MatrixXd& polyline,
                                    const Eigen::VectorXd& pieceLengths, int points);

}  // namespace geodex
