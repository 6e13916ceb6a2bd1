#include "core/geometry/manifold_distance_grid.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/errors.h"

namespace geodex {

namespace {

constexpr int kLow = GeodesicDistanceFieldOptions::kMinResolution;
constexpr int kHigh = GeodesicDistanceFieldOptions::kMaxResolution;

// A box around the data with square cells (the longer side gets `resolution` nodes), and the data
// curve, its points a fifth of a grid cell apart (curve nodes: see geodesic_distance_field.h).
DistanceGrid planeGrid(const SyntheticManifold& manifold,
                       const GeodesicDistanceFieldOptions& options, std::uint64_t seed) {
  const int resolution = options.resolution;
  if (!(options.margin >= 0.0) || options.margin > 10.0)
    throw InvalidArgumentError("the distance grid's margin must be 0 to 10, got " +
                               std::to_string(options.margin));
  const Eigen::MatrixXd data = manifold.sample(2000, seed);
  const Eigen::Vector2d lowCorner = data.rowwise().minCoeff().array() - options.margin;
  const Eigen::Vector2d highCorner = data.rowwise().maxCoeff().array() + options.margin;
  const Eigen::Vector2d size = highCorner - lowCorner;
  const double spacing = size.maxCoeff() / (resolution - 1);
  const auto nodes = [&](double side) {
    return std::clamp(int(std::ceil(side / spacing - 1e-9)) + 1, kLow, resolution);
  };
  const int cols = nodes(size.x()), rows = nodes(size.y());
  DistanceGrid grid = DistanceGrid::plane(
      lowCorner, lowCorner + Eigen::Vector2d((cols - 1) * spacing, (rows - 1) * spacing), rows,
      cols);
  const Eigen::MatrixXd coarse = manifold.parameterGrid(1, 512);
  double curveLength = 0.0;
  for (Eigen::Index k = 1; k < coarse.cols(); ++k)
    curveLength += (coarse.col(k) - coarse.col(k - 1)).norm();
  const int points = std::clamp(int(5.0 * curveLength / spacing), 16,
                                GeodesicDistanceFieldOptions::kMaxCurvePoints);
  grid.curve = manifold.parameterGrid(1, points);
  grid.closedCurve = manifold.closedInU();
  return grid;
}

// The surface's parameter grid, cells about square where the surface is widest: the rows follow
// the ratio of the longest v line to the longest u line (the sphere: π to 2π).
DistanceGrid surfaceGrid(const SyntheticManifold& manifold, int resolution) {
  const int coarse = 64;
  const Eigen::MatrixXd sample = manifold.parameterGrid(coarse, coarse);
  double longestU = 0.0, longestV = 0.0;
  for (int line = 0; line < coarse; ++line) {
    double u = 0.0, v = 0.0;
    for (int k = 0; k + 1 < coarse; ++k) {
      u += (sample.col(line * coarse + k + 1) - sample.col(line * coarse + k)).norm();
      v += (sample.col((k + 1) * coarse + line) - sample.col(k * coarse + line)).norm();
    }
    longestU = std::max(longestU, u);
    longestV = std::max(longestV, v);
  }
  DistanceGrid grid;
  grid.cols = resolution;
  grid.rows = std::clamp(int(std::lround(resolution * longestV / std::max(longestU, 1e-12))),
                         kLow, kHigh);
  grid.nodes = manifold.parameterGrid(grid.rows, grid.cols);
  grid.closedInU = manifold.closedInU();
  grid.closedInV = manifold.closedInV();
  return grid;
}

}  // namespace

DistanceGrid manifoldDistanceGrid(const SyntheticManifold& manifold,
                                  const GeodesicDistanceFieldOptions& options,
                                  std::uint64_t seed) {
  if (options.resolution < kLow || options.resolution > kHigh)
    throw InvalidArgumentError("the distance grid's resolution must be " + std::to_string(kLow) +
                               " to " + std::to_string(kHigh) + " nodes, got " +
                               std::to_string(options.resolution));
  if (manifold.ambientDimension() == 2) return planeGrid(manifold, options, seed);
  if (manifold.intrinsicDimension() != 2)
    throw InvalidArgumentError("the distance field needs a plane or a surface; the " +
                               manifold.name() + " is a curve in R^3 with no grid to span");
  return surfaceGrid(manifold, options.resolution);
}

}  // namespace geodex
