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
#include <functional>

namespace geodex {

namespace {

struct Curve {
  QString name;
  QColor colour;
  std::function<double(const NoiseLevelRow&)> value;
};

// Log axes cannot show 0: tiny values sit at the floor.
constexpr double kLogFloor = 1e-7;

// logY false: a linear axis from 0 to at least `minimumTop` (an exact 0° must not fill the chart
// with rounding noise).
void fillChart(QChart* chart, const NoiseLevelDiagnosis& d, const std::vector<Curve>& curves,
               bool logY, double currentSigma, double defaultSigma, double minimumTop = 0.0) {
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
  double low = HUGE_VAL, high = -HUGE_VAL;
  double sigmaLow = HUGE_VAL, sigmaHigh = -HUGE_VAL;
  std::vector<QAbstractSeries*> series;
  for (const Curve& curve : curves) {
    auto* line = new QLineSeries;
    line->setName(curve.name);
    line->setPen(QPen(curve.colour, 2.5));
    auto* dots = new QScatterSeries;
    dots->setColor(curve.colour);
    dots->setBorderColor(curve.colour);
    dots->setMarkerSize(7);
    for (const NoiseLevelRow& row : d.rows) {
      double v = curve.value(row);
      if (!std::isfinite(v)) continue;
      if (logY) v = std::max(v, kLogFloor);
      line->append(row.sigma, v);
      dots->append(row.sigma, v);
      low = std::min(low, v), high = std::max(high, v);
      sigmaLow = std::min(sigmaLow, row.sigma), sigmaHigh = std::max(sigmaHigh, row.sigma);
    }
    series.push_back(line);
    series.push_back(dots);
  }
  for (const double marker : {currentSigma, defaultSigma})
    if (marker > 0) sigmaLow = std::min(sigmaLow, marker), sigmaHigh = std::max(sigmaHigh, marker);
  if (!(low <= high)) low = 0, high = 1;
  if (logY) {
    low /= 2, high *= 2;
  } else {
    low = std::min(0.0, low);
    high = std::max(high + 0.08 * (high - low), minimumTop);
  }
  // The markers: dashed vertical lines over the whole y range.
  const std::pair<double, QColor> markers[] = {{defaultSigma, NoiseLevelPlot::kDefaultSigma},
                                               {currentSigma, NoiseLevelPlot::kCurrentSigma}};
  for (const auto& [sigma, colour] : markers) {
    if (!(sigma > 0)) continue;
    auto* line = new QLineSeries;
    line->setName(colour == NoiseLevelPlot::kCurrentSigma ? "window's σ" : "default σ");
    line->setPen(QPen(colour, 2, Qt::DashLine));
    line->append(sigma, low);
    line->append(sigma, high);
    series.push_back(line);
  }
  auto* x = new QLogValueAxis;
  x->setBase(10);
  x->setLabelFormat("%g");
  x->setTitleText("σ");
  x->setMinorTickCount(8);
  x->setRange(sigmaLow / 1.3, sigmaHigh * 1.3);
  QAbstractAxis* y = nullptr;
  if (logY) {
    auto* axis = new QLogValueAxis;
    axis->setBase(10);
    axis->setLabelFormat("%.0e");
    axis->setRange(low, high);
    y = axis;
  } else {
    auto* axis = new QValueAxis;
    axis->setLabelFormat("%.3g");
    axis->setRange(low, high);
    y = axis;
  }
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QAbstractSeries* s : series) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  // Only the lines of more than one curve go in the legend.
  chart->legend()->setVisible(curves.size() > 1);
  for (QLegendMarker* marker : chart->legend()->markers())
    marker->setVisible(curves.size() > 1 && marker->series()->type() == QAbstractSeries::SeriesTypeLine &&
                       !marker->series()->name().contains("σ"));
}

}  // namespace

NoiseLevelPlot::NoiseLevelPlot(QWidget* parent) : QWidget(parent) {
  const char* titles[] = {"Angle score–normal (°)", "Tangential fraction ‖P_T s‖/‖s‖",
                          "Anisotropy 1 + λ‖s‖²", "Geodesic: distance to manifold, |length error|"};
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  for (int k = 0; k < 4; ++k) {
    auto* chart = new QChart;
    chart->setTitle(titles[k]);
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
  fillChart(charts_[0]->chart(), d,
            {{"angle", kAngle, [](const NoiseLevelRow& r) { return r.meanNormalAngleDegrees; }}},
            false, currentSigma, defaultSigma, 1.0);
  fillChart(charts_[1]->chart(), d,
            {{"tangential", kTangential, [](const NoiseLevelRow& r) { return r.tangentialFraction; }}},
            false, currentSigma, defaultSigma, 0.02);
  fillChart(charts_[2]->chart(), d,
            {{"anisotropy", kAnisotropy, [](const NoiseLevelRow& r) { return r.meanAnisotropy; }}},
            true, currentSigma, defaultSigma);
  fillChart(charts_[3]->chart(), d,
            {{"max distance", kDistance, [](const NoiseLevelRow& r) { return r.maxDistance; }},
             {"|length error|", kLengthError,
              [](const NoiseLevelRow& r) { return std::abs(r.lengthError); }}},
            true, currentSigma, defaultSigma);
}

}  // namespace geodex
