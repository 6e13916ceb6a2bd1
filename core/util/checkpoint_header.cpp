#include "core/util/checkpoint_header.h"

#include <cmath>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

CheckpointHeader::CheckpointHeader(std::string path, std::string kind, Numbers numbers, Texts texts)
    : path_(std::move(path)),
      kind_(std::move(kind)),
      numbers_(std::move(numbers)),
      texts_(std::move(texts)) {}

std::string CheckpointHeader::label() const {
  return "checkpoint '" + path_ + "'";
}

double CheckpointHeader::number(const std::string& key) const {
  const auto found = numbers_.find(key);
  if (found == numbers_.end()) throw ModelError(label() + " lacks the number '" + key + "'");
  return found->second;
}

double CheckpointHeader::number(const std::string& key, double low, double high) const {
  const double x = number(key);
  if (!std::isfinite(x) || x < low || x > high)
    throw ModelError(label() + ": '" + key + "' is " + numberText(x) + ", geodex reads " +
                     numberText(low) + " to " + numberText(high) + " (is the file damaged?)");
  return x;
}

int CheckpointHeader::integer(const std::string& key, int low, int high) const {
  const double x = number(key);
  if (!std::isfinite(x) || x != std::floor(x) || x < low || x > high)
    throw ModelError(label() + ": '" + key + "' is " + numberText(x) +
                     ", geodex reads a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high) + " (is the file damaged?)");
  return static_cast<int>(x);
}

std::string CheckpointHeader::text(const std::string& key) const {
  const auto found = texts_.find(key);
  if (found == texts_.end()) throw ModelError(label() + " lacks the text '" + key + "'");
  return found->second;
}

}  // namespace geodex
