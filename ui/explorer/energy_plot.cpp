#include "ui/explorer/energy_plot.h"

#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace geodex {

EnergyPlot::EnergyPlot(QWidget* parent)
    : QChartView(parent),
      series_(new QLineSeries),
      iterations_(new QValueAxis),
      // Parented to the view: the axis not on the chart is still deleted with it.
      linearEnergies_(new QValueAxis(this)),
      logEnergies_(new QLogValueAxis(this)) {
  auto* chart = new QChart;
  chart->legend()->hide();
  chart->addSeries(series_);
  chart->setTitle("Energy per iteration");
  chart->setMargins(QMargins(2, 2, 2, 2));
  iterations_->setLabelFormat("%d");
  iterations_->setTitleText("iteration");
  linearEnergies_->setLabelFormat("%.4g");
  logEnergies_->setLabelFormat("%.3g");
  logEnergies_->setBase(10);
  chart->addAxis(iterations_, Qt::AlignBottom);
  chart->addAxis(linearEnergies_, Qt::AlignLeft);
  series_->attachAxis(iterations_);
  series_->attachAxis(linearEnergies_);
  series_->setColor(QColor(40, 160, 70));
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  setMinimumHeight(170);
  redraw_.setSingleShot(true);
  redraw_.setInterval(kRedrawIntervalMs);
  connect(&redraw_, &QTimer::timeout, this, &EnergyPlot::drawPending);
  clear();
}

void EnergyPlot::clear() {
  redraw_.stop();
  pending_.clear();
  series_->clear();
  low_ = high_ = 0.0;
  lastIteration_ = 0;
  iterations_->setRange(0, 1);
  linearEnergies_->setRange(0, 1);
  logEnergies_->setRange(1, 10);
}

void EnergyPlot::append(int iteration, double energy) {
  // Log axis: only positive, finite energies can be drawn.
  if (!(energy > 0) || !std::isfinite(energy)) return;
  if (pointCount() == 0) {
    low_ = high_ = energy;
  } else {
    low_ = std::min(low_, energy);
    high_ = std::max(high_, energy);
  }
  lastIteration_ = std::max(lastIteration_, iteration);
  pending_.append(QPointF(iteration, energy));
  if (!redraw_.isActive()) redraw_.start();
}

void EnergyPlot::drawPending() {
  if (pending_.isEmpty()) return;
  series_->append(pending_);
  pending_.clear();
  fitAxes(true);
}

void EnergyPlot::setHistory(const std::vector<double>& energies) {
  clear();
  QList<QPointF> points;
  for (size_t k = 0; k < energies.size(); ++k) {
    if (!(energies[k] > 0) || !std::isfinite(energies[k])) continue;
    points.append(QPointF(double(k), energies[k]));
    low_ = points.size() == 1 ? energies[k] : std::min(low_, energies[k]);
    high_ = points.size() == 1 ? energies[k] : std::max(high_, energies[k]);
    lastIteration_ = int(k);
  }
  series_->replace(points);
  fitAxes(false);
}

int EnergyPlot::pointCount() const {
  return int(series_->count() + pending_.size());
}

void EnergyPlot::fitAxes(bool live) {
  // Every axis change lays the chart out again (labels, ticks: tens of ms in software). While
  // points stream in, the axes only grow, with room to spare: most redraws move the curve alone.
  const auto roomyIterations = [](int last) {
    for (double decade = 10;; decade *= 10)
      for (const double step : {1.0, 2.0, 5.0})
        if (step * decade >= last) return step * decade;
  };
  const double lastX = live ? roomyIterations(lastIteration_) : std::max(lastIteration_, 1);
  if (!live || lastX != iterations_->max()) iterations_->setRange(0, lastX);
  // Energies spanning more than a factor 20 go on the log axis.
  const bool logScale = high_ > 20 * low_;
  QAbstractAxis* wanted = logScale ? static_cast<QAbstractAxis*>(logEnergies_) : linearEnergies_;
  QAbstractAxis* other = logScale ? static_cast<QAbstractAxis*>(linearEnergies_) : logEnergies_;
  bool switched = false;
  if (!series_->attachedAxes().contains(wanted)) {
    series_->detachAxis(other);
    chart()->removeAxis(other);  // hands ownership back: keep it with the view
    other->setParent(this);
    chart()->addAxis(wanted, Qt::AlignLeft);
    series_->attachAxis(wanted);
    switched = true;
  }
  if (logScale) {
    const bool inside = low_ >= logEnergies_->min() && high_ <= logEnergies_->max();
    if (!live || switched || !inside)
      logEnergies_->setRange(low_ / (live ? 3.0 : 1.2), high_ * 1.2);
  } else {
    const double pad = std::max(0.05 * (high_ - low_), 0.01 * std::abs(high_));
    const bool inside = low_ >= linearEnergies_->min() && high_ <= linearEnergies_->max();
    if (!live || switched || !inside)
      linearEnergies_->setRange(low_ - (live ? 5 : 1) * pad, high_ + pad);
  }
}

}  // namespace geodex
