#include "ui/common/number_setting_box.h"

#include <algorithm>

namespace geodex {

void applyNumberSetting(QDoubleSpinBox* box, const NumberSetting& setting) {
  box->setRange(setting.zeroMeans ? 0.0 : setting.min, setting.max);
  if (setting.zeroMeans) box->setSpecialValueText("auto");
  // Enough decimals to show the smallest value the range allows (1e-3 → 3).
  int decimals = 0;
  if (!setting.integer)
    for (double step = 1.0; decimals < 8 && step > setting.min && setting.min > 0; step /= 10)
      ++decimals;
  box->setDecimals(setting.integer ? 0 : std::max(decimals, 2));
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
