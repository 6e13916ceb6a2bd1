#pragma once
// The project's exception hierarchy. Every message should tell a user what was wrong and where.
#include <stdexcept>
#include <string>

namespace geodex {

class GeodexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A caller passed something outside a function's contract (wrong dimension, λ ≤ 0, ...).
class InvalidArgumentError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// A file could not be read or written.
class IoError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// A model produced or contained something unusable (NaN score, wrong shapes, ...).
class ModelError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

// A numerical computation broke down (non-finite energy, singular system, ...).
class NumericalError : public GeodexError {
 public:
  using GeodexError::GeodexError;
};

}  // namespace geodex
