#include "ui/explorer/explorer_numbers.h"

#include <QResizeEvent>
#include <algorithm>

#include "ui/explorer/explorer_result.h"

namespace geodex {

namespace {

QString number(double value) {
  return QString::number(value, 'g', 5);
}

// Solves of the analytic scenes take milliseconds: "0.000 s" would say nothing.
QString duration(double seconds) {
  return seconds < 1.0 ? QString("%1 ms").arg(seconds * 1e3, 0, 'f', 1)
                       : QString("%1 s").arg(seconds, 0, 'f', 2);
}

}  // namespace

ExplorerNumbers::ExplorerNumbers(QWidget* parent) : QLabel(parent) {
  setTextFormat(Qt::RichText);
  setTextInteractionFlags(Qt::TextSelectableByMouse);
  setWordWrap(true);  // a long name wraps inside its cell instead of widening the table
  setContentsMargins(8, 4, 8, 4);
  // The pairs wrap into more rows when the view is narrow: the text sets no minimum width.
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Maximum);
  clearResult();
}

void ExplorerNumbers::clearResult() {
  cells_.clear();
  setText("<i>The numbers of the geodesic show here when a solve ends.</i>");
}

void ExplorerNumbers::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  if (!cells_.empty() && std::max(1, width() / kPairWidth) != columns_) layOut();
}

void ExplorerNumbers::showResult(const ExplorerResult& r) {
  const GeodesicResult& g = r.geodesic;
  // The most asked-for figures first: they fill the first rows.
  cells_.clear();
  const auto add = [&](QString name, QString value) {
    cells_.emplace_back(std::move(name), std::move(value));
  };
  add("Geodesic length", number(g.length));
  add("Straight-line length", number(r.straightLength));
  if (r.straightLength > 0) add("Geodesic / straight", number(g.length / r.straightLength));
  // The refined lengths measure the same polygons with every segment cut into ×N pieces: a path
  // that looks short only because its midpoints sit where s ⟂ Δ shows it here.
  const QString refined =
      QString("refined ×%1").arg(SyntheticSceneOptions::kDefaultRefinement);
  add("Geodesic, " + refined, number(r.geodesic.refinedLength));
  add("Straight line, " + refined, number(r.straightRefinedLength));
  add("Geodesic energy", number(g.energy));
  add("Straight-line energy", number(r.straightEnergy));
  // A refined solve ends with more points than were asked for (GeodesicOptions::refine).
  add("Path points", g.refinements > 0 ? QString("%1 (asked %2, %3× refined)")
                                             .arg(g.path.cols())
                                             .arg(r.settings.points)
                                             .arg(g.refinements)
                                       : QString::number(g.path.cols()));
  add("Iterations", QString::number(g.iterations));
  add("Score evaluations", QString::number(g.scoreEvaluations));
  add("Solver time", duration(g.seconds));
  add("Total time", duration(r.jobSeconds));
  if (r.slerpPath.cols() > 0) {
    add("SLERP length", number(r.slerpLength));
    add("SLERP, " + refined, number(r.slerpRefinedLength));
  }
  for (const ComparisonPath& c : r.comparisons)
    add(QString("%1 geodesic under %2")
            .arg(QString::fromStdString(toString(c.metric)),
                 QString::fromStdString(toString(r.settings.metric.kind))),
        QString("%1 (refined %2)")
            .arg(number(c.lengthUnderMain), number(c.refinedLengthUnderMain)));
  if (r.extrapolation.cols() > 0) add("Extrapolation length", number(r.extrapolationLength));
  if (g.graphStart) {
    const GraphStartResult& graph = *g.graphStart;
    add("Graph start",
        QString("%1 points, %2 edges").arg(graph.referenceCount).arg(graph.edgeCount));
    add("Graph cost",
        QString("%1, %2 score evaluations").arg(duration(graph.seconds)).arg(graph.scoreEvaluations));
  }

  layOut();
}

void ExplorerNumbers::layOut() {
  columns_ = std::max(1, width() / kPairWidth);
  const std::size_t columns = columns_;
  QString rows;
  for (std::size_t k = 0; k < cells_.size(); k += columns) {
    rows += "<tr>";
    for (std::size_t j = k; j < k + columns; ++j) {
      if (j < cells_.size())
        rows += QString("<td>%1</td><td width='6'></td><td align='right'><b>%2</b></td>")
                    .arg(cells_[j].first, cells_[j].second);
      else
        rows += "<td></td><td></td><td></td>";
      if (j + 1 < k + columns) rows += "<td width='22'></td>";  // gap between the pairs
    }
    rows += "</tr>";
  }
  setText("<table cellspacing='0' cellpadding='1'>" + rows + "</table>");
}

}  // namespace geodex
