#include "core/util/number_setting.h"

#include <cmath>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

bool NumberSetting::contains(double value) const {
  if (value == 0.0 && zeroMeans) return true;
  return std::isfinite(value) && (aboveMin ? value > min : value >= min) && value <= max &&
         (!integer || value == std::floor(value));
}

double NumberSetting::checked(double value) const {
  if (contains(value)) return value;
  throw InvalidArgumentError(std::string(symbol) + " (" + name + ") must be " +
                             (integer ? "a whole number " : "") +
                             (aboveMin ? "above " : "between ") + numberText(min) +
                             (aboveMin ? " and at most " : " and ") + numberText(max) + ", got " +
                             numberText(value));
}

std::string NumberSetting::rangeText() const {
  std::string text = zeroMeans ? "0 or " : "";  // appended: gcc 12 misreads "[" + string
  text += aboveMin ? "(" : "[";
  text += numberText(min);
  text += ", ";
  text += numberText(max);
  text += "]";
  return text;
}

std::string NumberSetting::jsonKey() const {
  if (json) return json;
  std::string key = name;
  for (char& c : key)
    if (c == '-') c = '_';
  return key;
}

}  // namespace geodex
