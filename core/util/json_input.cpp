#include "core/util/json_input.h"

#include <map>

#include "core/util/errors.h"

namespace geodex {

namespace {
struct TooDeep {};
}  // namespace

nlohmann::json parseJsonInput(const std::string& text, const std::string& label, int maxDepth) {
  // The callback sees every value's depth before the parser descends further.
  const auto limitDepth = [maxDepth](int depth, nlohmann::json::parse_event_t event,
                                     nlohmann::json&) {
    if ((event == nlohmann::json::parse_event_t::object_start ||
         event == nlohmann::json::parse_event_t::array_start) &&
        depth >= maxDepth)
      throw TooDeep{};
    return true;
  };
  try {
    return nlohmann::json::parse(text, limitDepth);
  } catch (const TooDeep&) {
    throw IoError(label + " is not valid JSON for geodex: values nest deeper than " +
                  std::to_string(maxDepth) + " levels");
  } catch (const nlohmann::json::exception& e) {
    throw IoError(label + " is not valid JSON: " + jsonErrorText(e));
  }
}

std::string jsonErrorText(const std::exception& e) {
  std::string text = e.what();
  // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." → from "parse error".
  if (text.rfind("[json.exception.", 0) == 0)
    if (const std::size_t end = text.find("] "); end != std::string::npos) text.erase(0, end + 2);
  return text;
}

std::string quoteJson(const nlohmann::json& value, std::size_t maxChars) {
  // Replacement of invalid UTF-8: a message must never throw while being built.
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > maxChars) {
    std::size_t cut = maxChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    text = text.substr(0, cut) + "...";
  }
  return text;
}

std::string jsonTypeName(const nlohmann::json& value) {
  using Type = nlohmann::json::value_t;
  // What a user calls each type; the three number types are all "a number".
  static const std::map<Type, const char*> kNames = {
      {Type::null, "null"},        {Type::object, "an object"},   {Type::array, "a list"},
      {Type::string, "text"},      {Type::boolean, "true/false"}, {Type::binary, "binary data"},
      {Type::discarded, "nothing"}};
  const auto name = kNames.find(value.type());
  return name == kNames.end() ? "a number" : name->second;
}

}  // namespace geodex
