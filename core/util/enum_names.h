#pragma once
// The names users type for an enum's values (command-line options, JSON, combo boxes): one table
// per enum gives both directions, and the error that lists the choices.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

template <class Enum>
using EnumNames = std::vector<std::pair<Enum, const char*>>;

// The value called `text`; throws InvalidArgumentError "unknown <what> '<text>' (use a, b or c)".
template <class Enum>
Enum parseEnumName(const EnumNames<Enum>& names, const std::string& text, const std::string& what) {
  for (const auto& [value, name] : names)
    if (text == name) return value;
  std::string choices;
  for (std::size_t k = 0; k < names.size(); ++k)
    choices += std::string(k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + names[k].second;
  throw InvalidArgumentError("unknown " + what + " '" + shortText(text) + "' (use " + choices + ")");
}

template <class Enum>
std::string enumName(const EnumNames<Enum>& names, Enum value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "?";
}

}  // namespace geodex
