#include "ui/explorer/metric_controls.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <algorithm>
#include <cmath>

#include "core/geometry/metric_registry.h"
#include "ui/common/number_setting_box.h"

namespace geodex {

namespace {

int sliderPosition(double value) {
  return int(std::lround(std::log10(value) * MetricControls::kSliderStepsPerDecade));
}

QString shortNumber(double value) {
  return QString::number(value, 'g', 3);
}

}  // namespace

MetricControls::MetricControls(QWidget* parent, QFormLayout* form)
    : QObject(parent), form_(form), kind_(new QComboBox(parent)) {
  for (const MetricDescription& d : metricRegistry()) {
    kind_->addItem(QString::fromUtf8(d.name), QString::fromUtf8(d.name));
    kind_->setItemData(kind_->count() - 1, QString::fromUtf8(d.help), Qt::ToolTipRole);
  }
  kind_->setToolTip("The metric the geodesic minimises length under (hover an entry for what it "
                    "measures)");
  form_->addRow("Metric", kind_);
  connect(kind_, &QComboBox::currentIndexChanged, this, &MetricControls::onChanged);
  // One row per parameter name: metrics that share one (none do today) share its row.
  for (const MetricDescription& d : metricRegistry())
    for (const MetricParameter& p : d.parameters) {
      if (std::any_of(rows_.begin(), rows_.end(),
                      [&](const Row& r) { return r.parameter->setting.name == std::string(p.setting.name); }))
        continue;
      Row row{&p, nullptr};
      const QString tip = QString("%1 %2").arg(QString::fromUtf8(p.setting.help),
                                               QString::fromStdString(p.setting.rangeText()));
      if (p.setting.logarithmic) {
        row.widget = new QWidget(parent);
        auto* layout = new QHBoxLayout(row.widget);
        layout->setContentsMargins(0, 0, 0, 0);
        row.slider = new QSlider(Qt::Horizontal, row.widget);
        row.slider->setRange(sliderPosition(p.setting.min), sliderPosition(p.setting.max));
        row.slider->setToolTip(tip);
        row.value = new QLabel(row.widget);
        row.value->setMinimumWidth(48);
        layout->addWidget(row.slider, 1);
        layout->addWidget(row.value);
        connect(row.slider, &QSlider::valueChanged, this, &MetricControls::onChanged);
      } else {
        row.box = new QDoubleSpinBox(parent);
        applyNumberSetting(row.box, p.setting);
        row.widget = row.box;
        connect(row.box, &QDoubleSpinBox::valueChanged, this, &MetricControls::onChanged);
      }
      form_->addRow(QString::fromUtf8(p.setting.symbol), row.widget);
      rows_.push_back(row);
    }
  setOptions(shown_);
}

void MetricControls::setOptions(const MetricOptions& options) {
  updating_ = true;
  shown_ = options;
  kind_->setCurrentIndex(kind_->findData(QString::fromStdString(toString(options.kind))));
  for (const Row& row : rows_) {
    const double value = row.parameter->get(options);
    if (row.slider) {
      row.slider->setValue(sliderPosition(value));
      row.value->setText(shortNumber(value));
    } else {
      row.box->setValue(value);
    }
  }
  showRowsOf(options.kind);
  updating_ = false;
}

MetricOptions MetricControls::options() const {
  MetricOptions out = shown_;
  out.kind = parseMetricKind(kind_->currentData().toString().toStdString());
  for (const Row& row : rows_) {
    if (row.slider) {
      // The slider replaces the value only when it moved: a typed λ = 317.5 keeps its digits.
      if (sliderPosition(row.parameter->get(out)) != row.slider->value())
        row.parameter->set(out, std::pow(10.0, double(row.slider->value()) / kSliderStepsPerDecade));
    } else {
      row.parameter->set(out, row.box->value());
    }
  }
  return out;
}

void MetricControls::showRowsOf(MetricKind kind) {
  const MetricDescription& chosen = describeMetric(kind);
  for (const Row& row : rows_) {
    const bool own = std::any_of(chosen.parameters.begin(), chosen.parameters.end(),
                                 [&](const MetricParameter& p) {
                                   return std::string(p.setting.name) == row.parameter->setting.name;
                                 });
    form_->setRowVisible(row.widget, own);
  }
}

void MetricControls::onChanged() {
  if (updating_) return;
  shown_ = options();
  for (const Row& row : rows_)
    if (row.value) row.value->setText(shortNumber(row.parameter->get(shown_)));
  showRowsOf(shown_.kind);
  emit edited();
}

QString MetricControls::parametersText(const MetricOptions& metric) {
  QString text;
  for (const MetricParameter& p : describeMetric(metric.kind).parameters) {
    const double value = p.get(metric);
    // A 0 that stands for a choice made later (the quadrature's) reads as what the box shows.
    const QString shown = value == 0.0 && p.setting.zeroMeans ? QString("auto") : QString::number(value);
    text += QString(", %1 = %2").arg(QString::fromUtf8(p.setting.symbol), shown);
  }
  return text;
}

}  // namespace geodex
