#include "core/pipelines/rotated_digit_method.h"

#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

const std::vector<RotatedDigitGeodesicMethod>& methodTable() {
  static const std::vector<RotatedDigitGeodesicMethod> table = {
      rotatedDigitMethod(MetricKind::Pullback, PathInitialization::Graph),
      rotatedDigitMethod(MetricKind::Score, PathInitialization::Slerp),
      rotatedDigitMethod(MetricKind::Score, PathInitialization::Graph),
      rotatedDigitMethod(MetricKind::Pullback, PathInitialization::Slerp),
  };
  return table;
}

}  // namespace

RotatedDigitGeodesicMethod rotatedDigitMethod(MetricKind metric, PathInitialization start) {
  if (metric != MetricKind::Score && metric != MetricKind::Pullback)
    throw InvalidArgumentError("the Rotated MNIST methods use the paper's score metric or the "
                               "pullback metric");
  const bool pullback = metric == MetricKind::Pullback;
  // Gauss–Newton on the pullback is CG-bound in 784-D: Adam there (docs/rotated-mnist.md).
  return {std::string(pullback ? "pullback" : "paper") + "-" + toString(start), metric, start,
          pullback ? GeodesicSolverKind::Adam : GeodesicSolverKind::GaussNewton};
}

RotatedDigitGeodesicMethod rotatedDigitMethod(const std::string& name) {
  std::string names;
  for (const auto& m : methodTable()) {
    if (m.name == name) return m;
    names += (names.empty() ? "" : ", ") + m.name;
  }
  throw InvalidArgumentError("unknown method '" + shortText(name) + "' (use " + names + " or all)");
}

std::vector<RotatedDigitGeodesicMethod> parseRotatedDigitMethods(const std::string& text) {
  if (text == "all") return allRotatedDigitMethods();
  std::vector<RotatedDigitGeodesicMethod> out;
  for (const std::string& name : splitCommaList(text)) {
    if (name == "lerp" || name == "slerp") {
      // Always computed: accepted so that a list can name every row of the output.
    } else {
      const RotatedDigitGeodesicMethod m = rotatedDigitMethod(name);
      for (const auto& seen : out)
        if (seen.name == m.name)
          throw InvalidArgumentError("method '" + shortText(name) + "' given twice");
      out.push_back(m);
    }
  }
  if (out.empty()) throw InvalidArgumentError("name at least one geodesic method (or all)");
  return out;
}

std::vector<RotatedDigitGeodesicMethod> defaultRotatedDigitMethods() {
  return {methodTable()[0], methodTable()[1]};
}

std::vector<RotatedDigitGeodesicMethod> allRotatedDigitMethods() {
  return methodTable();
}

}  // namespace geodex
