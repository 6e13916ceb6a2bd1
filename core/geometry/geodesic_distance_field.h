#pragma once
// The geodesic distance from one point to every node of a grid under a metric: the grid's nodes
// joined to their 4, 8 or 16 nearest grid neighbours (the 16-stencil adds the knight moves, which
// cut the grid's metrication error: a straight line at any angle is approximated within 2.7 %
// instead of 8.2 % with 8 neighbours and 41 % with 4), every edge weighted by its metric length
// (metric_edge_lengths.h) and Dijkstra from the node nearest the point (neighbour_graph.h).
// The grid is a plane box (2D manifolds: the metric lives on the plane) or a surface's parameter
// grid (3D surfaces: distances along the surface, the edges chords between its nodes).
// A metric that makes leaving the data expensive (the score metric at large λ) is strongly
// anisotropic where the data is, and no grid stencil follows a curve there: every step off its
// tangent pays √(1 + λ(sᵀv)²). So a plane grid can carry the data curve as a polyline of extra
// nodes, joined in order (not across jumps over 5 times the median step: the two moons are one
// polyline) and each to its nearest grid nodes — refined where paths are cheap:
// distances along the curve are then its arc length (up to the chords), and the grid around it
// reaches the curve in one short hop.
#include <Eigen/Dense>

#include "core/geometry/metric.h"
#include "core/util/number_setting.h"
#include "core/util/solver_control.h"

namespace geodex {

struct DistanceGrid {
  Eigen::MatrixXd nodes;  // [d × rows·cols]; node (i, j) is column i·cols + j
  int rows = 0, cols = 0;
  bool closedInU = false;  // columns wrap around (j = cols − 1 is next to j = 0)
  bool closedInV = false;  // rows wrap around
  // Optional extra nodes along the data [d × m] (see above), after the grid's in the results.
  Eigen::MatrixXd curve;
  bool closedCurve = false;  // its last point is joined to its first

  Eigen::Index gridNodeCount() const { return Eigen::Index(rows) * cols; }

  // A rows × cols grid of the box [low, high] in R² (row i at y = low.y + i·Δy).
  static DistanceGrid plane(const Eigen::Vector2d& low, const Eigen::Vector2d& high, int rows,
                            int cols);
};

struct GeodesicDistanceFieldOptions {
  int resolution = 121;  // nodes along the longer side of a plane box, along u on a surface
  int stencil = 16;      // neighbours per node: 4, 8 or 16
  int edgePieces = 2;    // midpoint-rule pieces per edge (metric_edge_lengths.h)
  int batch = 8192;      // metric evaluations per call
  double margin = 0.3;   // plane boxes: beyond the data on every side

  static constexpr int kMinResolution = 8;
  static constexpr int kMaxResolution = 401;
  // The numbers a user sets, each described once: geodex-cli distance-field's options and the
  // explorer's control and sessions (JSON key distance_resolution) read these.
  static constexpr NumberSetting kResolution{
      "resolution", "nodes", "grid nodes along the longer side (around a surface)",
      kMinResolution, kMaxResolution, true, false, "distance_resolution"};
  static constexpr NumberSetting kEdgePieces{"edge-pieces", "pieces", "midpoint pieces per edge",
                                             1, 16, true};
  static constexpr int kMaxCurvePoints = 20000;
  static constexpr int kCurveLinks = 4;  // grid nodes each curve point is joined to
};

struct GeodesicDistanceFieldResult {
  DistanceGrid grid;
  Eigen::VectorXd distance;  // [rows·cols + curve points]; +∞ where no path reaches
  int source = 0;            // the node (grid or curve) nearest the requested point
  double maxDistance = 0.0;  // largest finite distance
  int edgeCount = 0;
  long long scoreEvaluations = 0;
  double seconds = 0.0;

  // The distance at the node (grid or curve) nearest x (x in the grid's space).
  double distanceNear(const Eigen::VectorXd& x) const;
};

// point [d], grid nodes [d × rows·cols] with d the metric's dimension. Throws
// InvalidArgumentError for bad shapes, grids outside the resolution bounds or a bad stencil.
GeodesicDistanceFieldResult computeGeodesicDistanceField(
    const Metric& metric, DistanceGrid grid, const Eigen::VectorXd& point,
    const GeodesicDistanceFieldOptions& options = {}, const SolverControl& control = {});

}  // namespace geodex
