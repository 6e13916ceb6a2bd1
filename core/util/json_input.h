#pragma once
// Reading JSON that a user hands in (model.json, ...): parsed with a nesting limit (a value
// nested 100 000 deep must not reach any recursive code), and bad values quoted by a short
// prefix only (dumping a huge or deep value into a message is what crashed before).
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace geodex {

constexpr int kMaxJsonDepth = 64;

// Parses `text`; throws IoError "<label> is not valid JSON: <reason>" (also for nesting deeper
// than maxDepth, which is named as such).
nlohmann::json parseJsonInput(const std::string& text, const std::string& label,
                              int maxDepth = kMaxJsonDepth);

// An exception's text without nlohmann's "[json.exception.parse_error.101] " tag.
std::string jsonErrorText(const std::exception& e);

// The value as JSON text, cut to at most maxChars characters ("[1, 2, 3, ...").
std::string quoteJson(const nlohmann::json& value, std::size_t maxChars = 40);

// "a number", "an array", ... for messages.
std::string jsonTypeName(const nlohmann::json& value);

}  // namespace geodex
