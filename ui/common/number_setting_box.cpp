#include "ui/common/number_setting_box.h"

#include <algorithm>
#include <cmath>

namespace geodex {

void applyNumberSetting(QDoubleSpinBox* box, const NumberSetting& setting) {
  // Enough decimals to show the smallest value the range allows (1e-3 → 3); above an excluded
  // 0 (σ) three, the box's smallest step its lowest value.
  int decimals = setting.aboveMin ? 3 : 0;
  if (!setting.integer)
    for (double step = 1.0; decimals < 8 && step > setting.min && setting.min > 0; step /= 10)
      ++decimals;
  decimals = setting.integer ? 0 : std::max(decimals, 2);
  box->setDecimals(decimals);
  const double lowest = setting.aboveMin ? setting.min + std::pow(10.0, -decimals) : setting.min;
  box->setRange(setting.zeroMeans ? 0.0 : lowest, setting.max);
  if (setting.zeroMeans) box->setSpecialValueText("auto");
  box->setToolTip(QString("%1 %2").arg(QString::fromUtf8(setting.help),
                                       QString::fromStdString(setting.rangeText())));
}

void applyNumberSetting(QSpinBox* box, const NumberSetting& setting) {
  box->setRange(setting.zeroMeans ? 0 : int(setting.min), int(setting.max));
  if (setting.zeroMeans) box->setSpecialValueText("auto");
  box->setToolTip(QString("%1 %2").arg(QString::fromUtf8(setting.help),
                                       QString::fromStdString(setting.rangeText())));
}

}  // namespace geodex
