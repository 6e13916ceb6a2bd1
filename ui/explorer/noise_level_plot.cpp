#include "ui/explorer/noise_level_plot.h"

#include <QChartView>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace geodex {

namespace {

struct Curve {
  QString name;
  QColor colour;
  QList<QPointF> points;  // (σ or t, value)
  Qt::PenStyle style = Qt::SolidLine;
};

struct Axes {
  QString x;          // "σ" or "t"
  bool logY = false;  // else linear from 0 to at least minimumTop
  double minimumTop = 0.0;
  double currentMarker = 0.0, defaultMarker = 0.0;  // ≤ 0: none
};

// Log axes cannot show 0: tiny values sit at the floor.
constexpr double kLogFloor = 1e-7;

// σ or t: on a log axis.
QAbstractAxis* xAxis(const QString& title, double low, double high) {
  auto* axis = new QLogValueAxis;
  axis->setBase(10);
  axis->setLabelFormat("%g");
  axis->setTitleText(title);
  axis->setMinorTickCount(8);
  axis->setRange(low, high);
  return axis;
}

QAbstractAxis* yAxis(bool log, double low, double high) {
  if (log) {
    auto* axis = new QLogValueAxis;
    axis->setBase(10);
    axis->setLabelFormat("%.0e");
    axis->setRange(low, high);
    return axis;
  }
  auto* axis = new QValueAxis;
  axis->setLabelFormat("%.3g");
  axis->setRange(low, high);
  return axis;
}

void fillChart(QChart* chart, std::vector<Curve> curves, const Axes& axes) {
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
  double low = HUGE_VAL, high = -HUGE_VAL, xLow = HUGE_VAL, xHigh = -HUGE_VAL;
  std::vector<QAbstractSeries*> series;
  int named = 0;
  for (Curve& curve : curves) {
    auto* line = new QLineSeries;
    line->setName(curve.name);
    line->setPen(QPen(curve.colour, 2.5, curve.style));
    auto* dots = new QScatterSeries;
    dots->setColor(curve.colour);
    dots->setBorderColor(curve.colour);
    dots->setMarkerSize(curve.style == Qt::SolidLine ? 7 : 0);
    for (QPointF& p : curve.points) {
      if (!std::isfinite(p.y())) continue;
      if (axes.logY) p.setY(std::max(p.y(), kLogFloor));
      line->append(p);
      dots->append(p);
      low = std::min(low, p.y()), high = std::max(high, p.y());
      xLow = std::min(xLow, p.x()), xHigh = std::max(xHigh, p.x());
    }
    series.push_back(line);
    if (curve.style == Qt::SolidLine) series.push_back(dots);
    ++named;
  }
  for (const double marker : {axes.currentMarker, axes.defaultMarker})
    if (marker > 0) xLow = std::min(xLow, marker), xHigh = std::max(xHigh, marker);
  if (!(low <= high)) low = 0, high = 1;
  if (!(xLow <= xHigh)) xLow = 0.1, xHigh = 1;
  if (axes.logY) {
    low /= 2, high *= 2;
  } else {
    low = std::min(0.0, low);
    high = std::max(high + 0.08 * (high - low), axes.minimumTop);
  }
  // The markers: dashed vertical lines over the whole y range.
  const std::pair<double, QColor> markers[] = {{axes.defaultMarker, NoiseLevelPlot::kDefaultSigma},
                                               {axes.currentMarker, NoiseLevelPlot::kCurrentSigma}};
  for (const auto& [at, colour] : markers) {
    if (!(at > 0)) continue;
    auto* line = new QLineSeries;
    line->setName("marker");
    line->setPen(QPen(colour, 2, Qt::DashLine));
    line->append(at, low);
    line->append(at, high);
    series.push_back(line);
  }
  QAbstractAxis* x = xAxis(axes.x, xLow / 1.3, xHigh * 1.3);
  QAbstractAxis* y = yAxis(axes.logY, low, high);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QAbstractSeries* s : series) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  // Only the curves' lines go in the legend, and only when a chart has more than one.
  chart->legend()->setVisible(named > 1);
  for (QLegendMarker* marker : chart->legend()->markers())
    marker->setVisible(named > 1 && marker->series()->type() == QAbstractSeries::SeriesTypeLine &&
                       marker->series()->name() != "marker");
}

template <class Row, class Value>
QList<QPointF> pointsOf(const std::vector<Row>& rows, double Row::*x, Value value) {
  QList<QPointF> points;
  for (const Row& row : rows) points.append(QPointF(row.*x, value(row)));
  return points;
}

}  // namespace

NoiseLevelPlot::NoiseLevelPlot(QWidget* parent) : QWidget(parent) {
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  for (int k = 0; k < 4; ++k) {
    auto* chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    charts_[k] = new QChartView(chart, this);
    charts_[k]->setRenderHint(QPainter::Antialiasing);
    charts_[k]->setMinimumSize(260, 200);
    grid->addWidget(charts_[k], k / 2, k % 2);
  }
}

void NoiseLevelPlot::setDiagnosis(const NoiseLevelDiagnosis& d, double currentSigma,
                                  double defaultSigma) {
  rows_ = int(d.rows.size());
  const char* titles[] = {"Angle score–normal (°)", "Tangential fraction ‖P_T s‖/‖s‖",
                          "Anisotropy 1 + λ‖s‖²", "Geodesic: distance to manifold, |length error|"};
  for (int k = 0; k < 4; ++k) charts_[k]->chart()->setTitle(titles[k]);
  const auto& rows = d.rows;
  const auto sigma = &NoiseLevelRow::sigma;
  Axes axes{"σ", false, 1.0, currentSigma, defaultSigma};
  fillChart(
      charts_[0]->chart(),
      {{"angle", kAngle, pointsOf(rows, sigma, [](auto& r) { return r.meanNormalAngleDegrees; })}},
      axes);
  axes.minimumTop = 0.02;
  fillChart(charts_[1]->chart(),
            {{"tangential", kTangential,
              pointsOf(rows, sigma, [](auto& r) { return r.tangentialFraction; })}},
            axes);
  axes.logY = true;
  fillChart(charts_[2]->chart(),
            {{"anisotropy", kAnisotropy,
              pointsOf(rows, sigma, [](auto& r) { return r.meanAnisotropy; })}},
            axes);
  fillChart(
      charts_[3]->chart(),
      {{"max distance", kDistance, pointsOf(rows, sigma, [](auto& r) { return r.maxDistance; })},
       {"|length error|", kLengthError,
        pointsOf(rows, sigma, [](auto& r) { return std::abs(r.lengthError); })}},
      axes);
}

void NoiseLevelPlot::setDiagnosis(const DigitNoiseLevelDiagnosis& d, int paperT, int windowT) {
  rows_ = int(d.rows.size());
  const char* titles[] = {"U-Net: angle score–normal space (°)",
                          "U-Net: fraction along the rotation tangent", "Anisotropy 1 + λ‖s‖²",
                          "U-Net: cos(score, true denoising direction −ε)"};
  for (int k = 0; k < 4; ++k) charts_[k]->chart()->setTitle(titles[k]);
  QList<QPointF> tRows;
  for (const DigitNoiseLevelRow& r : d.rows) tRows.append(QPointF(r.t, 0));
  const auto series = [&](auto value) {
    QList<QPointF> points = tRows;
    for (int i = 0; i < points.size(); ++i) points[i].setY(value(d.rows[i]));
    return points;
  };
  Axes axes{"t", false, 1.0, double(paperT), windowT != paperT ? double(windowT) : 0.0};
  fillChart(charts_[0]->chart(),
            {{"angle", kAngle, series([](auto& r) { return r.normalAngleDegrees; })}}, axes);
  QList<QPointF> random = tRows;
  for (QPointF& p : random) p.setY(d.randomTangentFraction);
  axes.minimumTop = 0.02;
  fillChart(charts_[1]->chart(),
            {{"U-Net", kTangential, series([](auto& r) { return r.tangentFraction; })},
             {"random direction", kDefaultSigma, random, Qt::DotLine}},
            axes);
  axes.logY = true;
  fillChart(charts_[2]->chart(),
            {{"anisotropy", kAnisotropy, series([](auto& r) { return r.meanAnisotropy; })}}, axes);
  axes.logY = false;
  axes.minimumTop = 1.0;
  fillChart(charts_[3]->chart(),
            {{"cos", kLengthError, series([](auto& r) { return r.denoisingCosine; })}}, axes);
}

}  // namespace geodex
