#include "app/cli/number_options.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

std::optional<double> numberIn(const std::string& text) {
  std::size_t used = 0;
  try {
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::vector<double> parseNumberList(const std::string& text, const std::string& what) {
  std::vector<double> values;
  // Every field, the empty ones too: "1,0,0," has an empty fourth field, refused by name; so is
  // a blank one ("1, ,0"). Spaces after a number are allowed.
  for (const std::string& item : splitCommaList(text)) {
    std::size_t end = item.size();
    while (end > 0 && std::isspace(static_cast<unsigned char>(item[end - 1]))) --end;
    const std::optional<double> value = numberIn(item.substr(0, end));
    if (!value || !std::isfinite(*value))
      throw InvalidArgumentError(what + ": '" + item.substr(0, 40) +
                                 "' is not a finite number in '" + text.substr(0, 80) + "'");
    values.push_back(*value);
  }
  return values;
}

Eigen::VectorXd parsePoint(const std::string& text, int dimension, const std::string& what) {
  std::vector<double> values = parseNumberList(text, what);
  for (const double value : values)
    if (std::abs(value) > kMaxCoordinate)
      throw InvalidArgumentError(what + ": coordinates must lie in [-" +
                                 numberText(kMaxCoordinate) + ", " + numberText(kMaxCoordinate) +
                                 "], got " + numberText(value));
  if (static_cast<int>(values.size()) != dimension)
    throw InvalidArgumentError(what + " has " + std::to_string(values.size()) +
                               " coordinates, the manifold lives in R^" + std::to_string(dimension));
  return Eigen::Map<Eigen::VectorXd>(values.data(), dimension);
}

CLI::Validator settingRange(const NumberSetting& setting) {
  return CLI::Validator(
      [setting](std::string& text) -> std::string {
        const std::optional<double> number = numberIn(text);
        if (number && setting.contains(*number)) return "";
        // A number is quoted with at most 6 significant digits (1e+308, not its 309 digits).
        return std::string(setting.symbol) + " must be " +
               (setting.integer ? "a whole number " : "") + "in " + setting.rangeText() +
               ", got " + (number ? numberText(*number) : "'" + shortText(text, 40) + "'");
      },
      (setting.integer ? "whole number in " : "number in ") + setting.rangeText());
}

CLI::Validator wholeNumberIn(long long min, unsigned long long max) {
  const std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const std::string refused =
            "must be a whole number in " + range + ", got '" + text.substr(0, 40) + "'";
        std::size_t i = 0;
        const bool negative = !text.empty() && text[0] == '-';
        if (negative || (!text.empty() && text[0] == '+')) ++i;
        if (i == text.size()) return refused;
        for (std::size_t j = i; j < text.size(); ++j)
          if (!std::isdigit(static_cast<unsigned char>(text[j]))) return refused;
        errno = 0;
        if (negative) {
          const long long value = std::strtoll(text.c_str(), nullptr, 10);
          return errno == ERANGE || value < min ? refused : "";
        }
        const unsigned long long value = std::strtoull(text.c_str() + i, nullptr, 10);
        if (errno == ERANGE || value > max) return refused;
        return min > 0 && value < static_cast<unsigned long long>(min) ? refused : "";
      },
      "whole number in " + range);
}

}  // namespace geodex::cli
