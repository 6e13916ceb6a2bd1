#include "core/pipelines/rotated_digit_method.h"

#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

const std::vector<RotatedDigitGeodesicMethod>& methodTable() {
  static const std::vector<RotatedDigitGeodesicMethod> table = {
      {"pullback-graph", MetricKind::Pullback, PathInitialization::Graph, GeodesicSolverKind::Adam},
      {"paper-slerp", MetricKind::Score, PathInitialization::Slerp,
       GeodesicSolverKind::GaussNewton},
      {"paper-graph", MetricKind::Score, PathInitialization::Graph,
       GeodesicSolverKind::GaussNewton},
      {"pullback-slerp", MetricKind::Pullback, PathInitialization::Slerp, GeodesicSolverKind::Adam},
  };
  return table;
}

}  // namespace

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
