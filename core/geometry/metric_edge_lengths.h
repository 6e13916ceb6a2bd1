#pragma once
// Metric lengths of graph edges, batched: midpoint metrics sum √q over `pieces` sub-segments of
// each edge (one metric call per batch of pieces); pullback metrics (NodeEmbedding) sum the
// embedded differences over the pieces, the nodes embedded once. Shared by the data-graph start
// (graph_start) and the geodesic distance field (geodesic_distance_field).
#include <Eigen/Dense>
#include <vector>

#include "core/geometry/metric.h"
#include "core/geometry/neighbour_graph.h"
#include "core/util/solver_control.h"

namespace geodex {

// nodes [d × n]; one length per edge (same order), CancelledError when cancelled. Reports
// progress as the fraction of edges done. Throws InvalidArgumentError for pieces outside [1, 16]
// or batch < 1, NumericalError when the metric gives a non-finite or negative length.
Eigen::VectorXd metricEdgeLengths(const Metric& metric, const Eigen::MatrixXd& nodes,
                                  const std::vector<NeighbourGraph::Edge>& edges, int pieces,
                                  int batch, const SolverControl& control = {});

}  // namespace geodex
