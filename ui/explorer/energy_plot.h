#pragma once
// A small live plot of the path energy per solver iteration (Qt Charts, log scale).
#include <QChartView>
#include <vector>

class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace geodex {

class EnergyPlot : public QChartView {
  Q_OBJECT
 public:
  explicit EnergyPlot(QWidget* parent = nullptr);

  void clear();
  void append(int iteration, double energy);
  // Replaces the curve (e.g. with a finished result's energy history).
  void setHistory(const std::vector<double>& energies);
  int pointCount() const;

 private:
  void fitAxes();

  QLineSeries* series_;
  QValueAxis* iterations_;
  // Energies over more than a decade go on the log axis, the others on the linear one (a log
  // axis without a power of ten in range shows no labels).
  QValueAxis* linearEnergies_;
  QLogValueAxis* logEnergies_;
  double low_ = 0.0, high_ = 0.0;
  int lastIteration_ = 0;
};

}  // namespace geodex
