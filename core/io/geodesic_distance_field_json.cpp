#include "core/io/geodesic_distance_field_json.h"

#include <cmath>

#include "core/io/result_json.h"

namespace geodex {

namespace {

nlohmann::json distances(const Eigen::VectorXd& values, Eigen::Index start, Eigen::Index count) {
  nlohmann::json out = nlohmann::json::array();
  for (Eigen::Index k = start; k < start + count; ++k)
    out.push_back(std::isfinite(values[k]) ? nlohmann::json(values[k]) : nlohmann::json(nullptr));
  return out;
}

}  // namespace

nlohmann::json toJson(const GeodesicDistanceFieldResult& r) {
  const DistanceGrid& grid = r.grid;
  const Eigen::Index gridNodes = grid.gridNodeCount();
  const Eigen::VectorXd source =
      r.source < gridNodes ? grid.nodes.col(r.source) : grid.curve.col(r.source - gridNodes);
  nlohmann::json out = {
      {"rows", grid.rows},
      {"cols", grid.cols},
      {"closed_in_u", grid.closedInU},
      {"closed_in_v", grid.closedInV},
      {"nodes", pathToJson(grid.nodes)},
      {"distance", distances(r.distance, 0, gridNodes)},
      {"source", r.source},
      {"source_point", std::vector<double>(source.data(), source.data() + source.size())},
      {"max_distance", r.maxDistance},
      {"edges", r.edgeCount},
      {"score_evaluations", r.scoreEvaluations},
      {"seconds", r.seconds}};
  if (grid.curve.cols() > 0) {
    out["curve"] = pathToJson(grid.curve);
    out["curve_distance"] = distances(r.distance, gridNodes, grid.curve.cols());
  }
  return out;
}

}  // namespace geodex
