#include "core/geometry/geodesic_distance_field.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/geometry/evaluation_counter.h"
#include "core/geometry/metric_edge_lengths.h"
#include "core/geometry/neighbour_graph.h"
#include "core/util/errors.h"
#include "core/util/stopwatch.h"

namespace geodex {

namespace {

// Half of each stencil (the other half is the same edges seen from the other end), as
// (row step, column step). 4: axis steps; 8: + diagonals; 16: + knight moves.
std::vector<std::pair<int, int>> stencilSteps(int stencil) {
  std::vector<std::pair<int, int>> steps = {{0, 1}, {1, 0}};
  if (stencil >= 8) steps.insert(steps.end(), {{1, 1}, {1, -1}});
  if (stencil >= 16) steps.insert(steps.end(), {{1, 2}, {2, 1}, {1, -2}, {2, -1}});
  return steps;
}

std::vector<NeighbourGraph::Edge> gridEdges(const DistanceGrid& grid, int stencil) {
  std::vector<NeighbourGraph::Edge> edges;
  const auto steps = stencilSteps(stencil);
  edges.reserve(std::size_t(grid.rows) * grid.cols * steps.size());
  for (int i = 0; i < grid.rows; ++i)
    for (int j = 0; j < grid.cols; ++j)
      for (const auto& [di, dj] : steps) {
        int r = i + di, c = j + dj;
        if (grid.closedInV) r = (r + grid.rows) % grid.rows;
        if (grid.closedInU) c = (c + grid.cols) % grid.cols;
        if (r < 0 || r >= grid.rows || c < 0 || c >= grid.cols) continue;
        const int a = i * grid.cols + j, b = r * grid.cols + c;
        if (a != b) edges.push_back({std::min(a, b), std::max(a, b), 0.0});
      }
  const Eigen::Index gridNodes = grid.gridNodeCount(), m = grid.curve.cols();
  // The curve's pieces: consecutive points, unless far apart (a curve of several pieces, as the
  // two moons, jumps between them; the grid spans such gaps, measured finely).
  Eigen::VectorXd links(std::max<Eigen::Index>(m, 1));
  for (Eigen::Index k = 0; k < m; ++k)
    links[k] = (grid.curve.col((k + 1) % m) - grid.curve.col(k)).norm();
  Eigen::VectorXd sorted = links;
  std::sort(sorted.begin(), sorted.end());
  const double longest = 5.0 * sorted[sorted.size() / 2];
  for (Eigen::Index k = 0; k < m; ++k) {
    const int node = int(gridNodes + k);
    if ((k + 1 < m || (grid.closedCurve && m > 2)) && links[k] <= longest)
      edges.push_back({node, int(gridNodes + (k + 1) % m), 0.0});
    // Its nearest grid nodes (brute force: m · rows · cols distances, no matrix of them).
    const Eigen::VectorXd d2 =
        (grid.nodes.colwise() - grid.curve.col(k)).colwise().squaredNorm().transpose();
    std::vector<std::pair<double, int>> order(static_cast<std::size_t>(gridNodes));
    for (Eigen::Index n = 0; n < gridNodes; ++n) order[std::size_t(n)] = {d2[n], int(n)};
    constexpr int links = GeodesicDistanceFieldOptions::kCurveLinks;
    std::partial_sort(order.begin(), order.begin() + links, order.end());
    for (int l = 0; l < links; ++l) edges.push_back({order[l].second, node, 0.0});
  }
  return edges;
}

// Grid nodes then curve nodes, one matrix.
Eigen::MatrixXd allNodes(const DistanceGrid& grid) {
  if (grid.curve.cols() == 0) return grid.nodes;
  Eigen::MatrixXd nodes(grid.nodes.rows(), grid.nodes.cols() + grid.curve.cols());
  nodes << grid.nodes, grid.curve;
  return nodes;
}

void validate(const Metric& metric, const DistanceGrid& grid, const Eigen::VectorXd& point,
              const GeodesicDistanceFieldOptions& o) {
  const int d = metric.dimension();
  constexpr int low = GeodesicDistanceFieldOptions::kMinResolution;
  constexpr int high = GeodesicDistanceFieldOptions::kMaxResolution;
  if (grid.rows < low || grid.cols < low || grid.rows > high || grid.cols > high)
    throw InvalidArgumentError("the distance grid needs " + std::to_string(low) + " to " +
                               std::to_string(high) + " nodes per side, got " +
                               std::to_string(grid.rows) + " × " + std::to_string(grid.cols));
  if (grid.nodes.rows() != d || grid.nodes.cols() != Eigen::Index(grid.rows) * grid.cols ||
      !grid.nodes.allFinite())
    throw InvalidArgumentError("the distance grid's nodes must be " + std::to_string(grid.rows) +
                               " × " + std::to_string(grid.cols) + " finite points of R^" +
                               std::to_string(d));
  if (grid.curve.cols() > GeodesicDistanceFieldOptions::kMaxCurvePoints ||
      (grid.curve.cols() > 0 && (grid.curve.rows() != d || !grid.curve.allFinite())))
    throw InvalidArgumentError("the distance grid's curve must be at most " +
                               std::to_string(GeodesicDistanceFieldOptions::kMaxCurvePoints) +
                               " finite points of R^" + std::to_string(d));
  if (point.size() != d || !point.allFinite())
    throw InvalidArgumentError("the distance field's source must be a finite point of R^" +
                               std::to_string(d));
  GeodesicDistanceFieldOptions::kEdgePieces.checked(o.edgePieces);
  if (o.stencil != 4 && o.stencil != 8 && o.stencil != 16)
    throw InvalidArgumentError("the distance stencil must be 4, 8 or 16 neighbours, got " +
                               std::to_string(o.stencil));
}

}  // namespace

DistanceGrid DistanceGrid::plane(const Eigen::Vector2d& low, const Eigen::Vector2d& high, int rows,
                                 int cols) {
  if (!low.allFinite() || !high.allFinite() || !(high.x() > low.x()) || !(high.y() > low.y()))
    throw InvalidArgumentError("a plane grid needs a finite box with high > low");
  constexpr int lowest = GeodesicDistanceFieldOptions::kMinResolution;
  constexpr int highest = GeodesicDistanceFieldOptions::kMaxResolution;
  if (rows < lowest || cols < lowest || rows > highest || cols > highest)
    throw InvalidArgumentError("a plane grid needs " + std::to_string(lowest) + " to " +
                               std::to_string(highest) + " nodes per side, got " +
                               std::to_string(rows) + " × " + std::to_string(cols));
  DistanceGrid grid;
  grid.rows = rows;
  grid.cols = cols;
  grid.nodes.resize(2, Eigen::Index(rows) * cols);
  const Eigen::VectorXd xs = Eigen::VectorXd::LinSpaced(cols, low.x(), high.x());
  const Eigen::VectorXd ys = Eigen::VectorXd::LinSpaced(rows, low.y(), high.y());
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) grid.nodes.col(Eigen::Index(i) * cols + j) << xs[j], ys[i];
  return grid;
}

double GeodesicDistanceFieldResult::distanceNear(const Eigen::VectorXd& x) const {
  if (x.size() != grid.nodes.rows() || grid.nodes.cols() == 0 || !x.allFinite())
    throw InvalidArgumentError("the distance field is read at finite points of R^" +
                               std::to_string(grid.nodes.rows()));
  Eigen::Index nearest = 0;
  const double gridBest = (grid.nodes.colwise() - x).colwise().squaredNorm().minCoeff(&nearest);
  if (grid.curve.cols() > 0) {
    Eigen::Index onCurve = 0;
    if ((grid.curve.colwise() - x).colwise().squaredNorm().minCoeff(&onCurve) < gridBest)
      return distance[grid.gridNodeCount() + onCurve];
  }
  return distance[nearest];
}

GeodesicDistanceFieldResult computeGeodesicDistanceField(
    const Metric& metric, DistanceGrid grid, const Eigen::VectorXd& point,
    const GeodesicDistanceFieldOptions& options, const SolverControl& control) {
  validate(metric, grid, point, options);
  const Stopwatch start;
  const EvaluationCounter counter(metric);

  GeodesicDistanceFieldResult result;
  const Eigen::MatrixXd nodes = allNodes(grid);
  Eigen::Index source = 0;
  (nodes.colwise() - point).colwise().squaredNorm().minCoeff(&source);
  result.source = int(source);
  NeighbourGraph graph(int(nodes.cols()), gridEdges(grid, options.stencil));
  const Eigen::VectorXd lengths =
      metricEdgeLengths(metric, nodes, graph.edges(), options.edgePieces, options.batch, control);
  graph.setWeights(lengths);
  result.edgeCount = int(graph.edges().size());
  result.distance = graph.distancesFrom(result.source);
  for (double value : result.distance)
    if (std::isfinite(value)) result.maxDistance = std::max(result.maxDistance, value);
  result.grid = std::move(grid);
  result.scoreEvaluations = counter.scoreEvaluations();
  result.seconds = start.seconds();
  return result;
}

}  // namespace geodex
