#include "ui/mnist/rotated_digit_numbers.h"

#include <cmath>

namespace geodex {

namespace {

QString number(double value, char format, int precision) {
  return std::isfinite(value) ? QString::number(value, format, precision) : QString("—");
}

// The numbers table's names: which metric from which start, in a few words.
QString shortMethodLabel(const std::string& method) {
  if (method == "paper-slerp") return "paper's";
  if (method == "true-rotations") return "true rotations (reference)";
  if (method == "lerp" || method == "slerp") return methodLabel(method);
  const QString name = QString::fromStdString(method);  // "pullback-graph" → "pullback, graph"
  return name.contains('-') ? name.section('-', 0, 0) + ", " + name.section('-', 1) : name;
}

}  // namespace

// How the strip, the view and the table name a method: which metric from which start.
QString methodLabel(const std::string& method) {
  if (method == "paper-slerp") return "paper's geodesic (score metric, SLERP start)";
  if (method == "paper-graph") return "score metric, graph start";
  if (method == "pullback-slerp") return "pullback metric, SLERP start";
  if (method == "pullback-graph") return "pullback metric, graph start";
  if (method == "paper-lerp") return "score metric, straight-line start";
  if (method == "pullback-lerp") return "pullback metric, straight-line start";
  if (method == "lerp") return "LERP";
  if (method == "slerp") return "SLERP";
  return QString::fromStdString(method);
}

QString rotatedDigitTable(const RotatedDigitGeodesicResult& result) {
  const bool truth = result.truth.cols() > 0;
  // One row per path, short names (the strips carry the long ones) so that the table fits the
  // panel; the solves' costs below it.
  QString table =
      "<table width='100%'><tr><th align='left'>path</th><th>MSE</th><th>SSIM</th>"
      "<th>angle err.</th><th>max/mean step</th><th>length</th><th>pullback</th></tr>";
  QString costs;
  for (const RotatedDigitMethodResult* path : result.measuredPaths()) {
    const RotatedDigitMethodResult& m = *path;
    table += QString(
                 "<tr><td>%1</td><td align='right' style='white-space:nowrap'>%2</td>"
                 "<td align='right' style='white-space:nowrap'>%3</td>"
                 "<td align='right' style='white-space:nowrap'>%4</td>"
                 "<td align='right' style='white-space:nowrap'>%5</td>"
                 "<td align='right' style='white-space:nowrap'>%6</td>"
                 "<td align='right' style='white-space:nowrap'>%7</td></tr>")
                 .arg(shortMethodLabel(m.method))
                 .arg(number(m.meanMse, 'e', 1))
                 .arg(number(m.meanSsim, 'f', 3))
                 .arg(truth ? number(m.meanAngleError, 'f', 1) + "°" : QString("—"))
                 .arg(number(m.imageStepUniformity.maxOverMean, 'f', 2))
                 .arg(m.length, 0, 'g', 4)
                 .arg(m.pullbackLength, 0, 'g', 4);
    // A geodesic method's solve: seconds and score evaluations, the graph start's share apart.
    if (m.iterations > 0) {
      costs += QString("<br>%1: %2 s, %3 score evaluations")
                   .arg(shortMethodLabel(m.method))
                   .arg(m.seconds, 0, 'f', 1)
                   .arg(m.scoreEvaluations);
      if (m.graphScoreEvaluations > 0)
        costs += QString(" (graph %1 s, %2)")
                     .arg(m.graphSeconds, 0, 'f', 1)
                     .arg(m.graphScoreEvaluations);
    }
  }
  return table + "</table>" + (costs.isEmpty() ? "" : "Cost:" + costs);
}

QString rotatedDigitSummary(const RotatedDigitGeodesicResult& result) {
  const bool truth = result.truth.cols() > 0;
  return QString("Done in %1 s (%2): %3 iterations, %4 score evaluations. %5")
          .arg(result.seconds, 0, 'f', 2)
          .arg(QString::fromStdString(result.score))
          .arg(result.solver.iterations)
          .arg(result.solver.scoreEvaluations)
          .arg(truth ? "MSE/SSIM: to the closest true rotation, over the interior points; "
                       "max/mean step: the largest image change over the mean one (1 = even); "
                       "length: under the paper's metric, pullback: the length under εI + JᵀJ (a "
                       "metric that prefers the rotation gives the reference row the shorter "
                       "length)."
                     : "Two digits: no ground truth; max/mean step: the largest image change "
                       "over the mean one (1 = even).");
}

}  // namespace geodex
