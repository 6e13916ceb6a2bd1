#pragma once
// The metric menu and the parameters of the chosen metric, built from the metric registry
// (core/geometry/metric_registry.h): a logarithmic parameter (λ, ε) is a slider in decades with
// its value beside it, any other a spin box with the registry's range. The rows of the other
// metrics are hidden, their values kept. A new metric in the registry appears here unchanged.
#include <QObject>
#include <QString>
#include <vector>

#include "core/geometry/metric_factory.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSlider;
class QWidget;

namespace geodex {

struct MetricParameter;

class MetricControls : public QObject {
  Q_OBJECT
 public:
  static constexpr int kSliderStepsPerDecade = 100;

  // Creates the widgets (children of `parent`) and adds their rows to `form`.
  MetricControls(QWidget* parent, QFormLayout* form);

  // Shows `options` without emitting edited().
  void setOptions(const MetricOptions& options);
  // What the widgets show: a slider's value only replaces a typed value once it has moved.
  MetricOptions options() const;
  // ", λ = 1000, nodes = 3": the chosen metric's parameters, as the registry names them.
  static QString parametersText(const MetricOptions& metric);

 signals:
  void edited();

 private:
  struct Row {
    const MetricParameter* parameter;
    QWidget* widget;         // the form row's field
    QSlider* slider = nullptr;  // logarithmic parameters
    QLabel* value = nullptr;
    QDoubleSpinBox* box = nullptr;  // the others
  };
  void showRowsOf(MetricKind kind);
  void onChanged();

  QFormLayout* form_;
  QComboBox* kind_;
  std::vector<Row> rows_;
  MetricOptions shown_;  // as last set or edited (typed values keep their digits)
  bool updating_ = false;
};

}  // namespace geodex
