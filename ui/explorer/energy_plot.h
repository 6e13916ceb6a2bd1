#pragma once
// A small live plot of the path energy per solver iteration (Qt Charts, log scale).
#include <QChartView>
#include <QList>
#include <QPointF>
#include <QTimer>
#include <vector>

class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace geodex {

class EnergyPlot : public QChartView {
  Q_OBJECT
 public:
  explicit EnergyPlot(QWidget* parent = nullptr);

  // Redraws at most this often: a chart redraw costs more than a solver update is worth.
  static constexpr int kRedrawIntervalMs = 200;

  void clear();
  // Keeps the point; the chart shows it with the next redraw (within kRedrawIntervalMs).
  void append(int iteration, double energy);
  // Replaces the curve (e.g. with a finished result's energy history).
  void setHistory(const std::vector<double>& energies);
  // The points kept, drawn or waiting for the next redraw.
  int pointCount() const;

 private:
  void drawPending();
  // live: points are still coming (grow the axes with room); else fit them to the curve.
  void fitAxes(bool live);

  QLineSeries* series_;
  QValueAxis* iterations_;
  // Energies over more than a decade go on the log axis, the others on the linear one (a log
  // axis without a power of ten in range shows no labels).
  QValueAxis* linearEnergies_;
  QLogValueAxis* logEnergies_;
  double low_ = 0.0, high_ = 0.0;
  int lastIteration_ = 0;
  QList<QPointF> pending_;
  QTimer redraw_;
};

}  // namespace geodex
