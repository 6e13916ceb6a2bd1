#pragma once
// Spin boxes for a NumberSetting (core/util/number_setting.h): the range, step and tooltip come
// from the one description the CLI and the validation read, so a widget never accepts what the
// computation refuses, nor refuses what it takes.
#include <QDoubleSpinBox>
#include <QSpinBox>

#include "core/util/number_setting.h"

namespace geodex {

// `box` takes the setting's range, whole numbers for an integer, and its help as tooltip.
void applyNumberSetting(QDoubleSpinBox* box, const NumberSetting& setting);
void applyNumberSetting(QSpinBox* box, const NumberSetting& setting);

}  // namespace geodex
