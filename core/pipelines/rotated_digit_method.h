#pragma once
// The geodesic methods of the Rotated MNIST experiment, by the names users type (--methods, the
// CSV's method column, the window's strip rows).
#include <string>
#include <vector>

#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_kind.h"

namespace geodex {

// One geodesic method: the metric the solver minimises, its start and its solver; its name is
// derived from the first two ("paper" or "pullback", "-", the start's name).
//  paper-slerp     the paper's I + λ s sᵀ from SLERP (the paper's method, always reported)
//  paper-graph     the same metric from the data-graph start
//  pullback-slerp  the score-pullback εI + JᵀJ from SLERP
//  pullback-graph  the score-pullback from the data-graph start (the best measured:
//                  docs/rotated-mnist.md), with Adam (Gauss–Newton on it is CG-bound in 784-D)
struct RotatedDigitGeodesicMethod {
  std::string name;
  MetricKind metric = MetricKind::Score;
  PathInitialization initialization = PathInitialization::Slerp;
  GeodesicSolverKind solver = GeodesicSolverKind::GaussNewton;
};

// The method of a metric (Score or Pullback) from a start (the straight line too, which has no
// named method above), with the metric's solver: Adam for the pullback, Gauss–Newton for the
// paper's. InvalidArgumentError for another metric.
RotatedDigitGeodesicMethod rotatedDigitMethod(MetricKind metric, PathInitialization start);
// The four methods above by name; throws InvalidArgumentError naming the choices.
RotatedDigitGeodesicMethod rotatedDigitMethod(const std::string& name);
// "all" or a comma list of the names above (the order kept).
std::vector<RotatedDigitGeodesicMethod> parseRotatedDigitMethods(const std::string& text);
// The default: the best measured method first, the paper's beside it.
std::vector<RotatedDigitGeodesicMethod> defaultRotatedDigitMethods();
std::vector<RotatedDigitGeodesicMethod> allRotatedDigitMethods();

}  // namespace geodex
