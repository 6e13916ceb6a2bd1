#pragma once
// What messages quote: byte counts ("9876 bytes", "12.3 MB", "2.1 GB", decimal units), values a
// user typed or a file held, short and exact enough to recognise ("1e+308", "2.5", "nan", never a
// 300-digit std::to_string), and text from files kept to one short line.
#include <cstdint>
#include <string>

namespace geodex {

std::string byteCount(std::uint64_t bytes);
std::string numberText(double value);
// Text from a file or a user, for quoting in a message: control characters (newlines, ...) as
// '?', cut to at most maxBytes bytes (at a UTF-8 boundary) with "..." after.
std::string shortText(const std::string& text, std::size_t maxBytes = 60);

}  // namespace geodex
