#pragma once
// One number a user sets, described once: the name users type (the option --name, the JSON key
// name with '_' for '-'), the symbol shown beside it, its help, its range and how widgets move
// it. The CLI's options and help, the window's widgets, the validation of options, sessions
// and stored settings all read this one description (docs/developers.md).
#include <string>

namespace geodex {

struct NumberSetting {
  const char* name;    // "lambda", "pullback-epsilon": the option is --name
  const char* symbol;  // "λ": labels and messages
  const char* help;    // one line, no range (rangeText() adds it)
  double min;          // the closed range every front accepts
  double max;
  bool integer = false;
  bool logarithmic = false;  // widgets move it in decades (λ spans 1e-3 … 1e8)
  const char* json = nullptr;  // the JSON key where it is not name with '_' (kept for old files)
  // What 0 means where 0 is accepted besides the range ("auto: ..."); null: it is not.
  const char* zeroMeans = nullptr;
  // The range is (min, max]: min itself is refused (σ > 0, however small, is a noise level).
  bool aboveMin = false;

  bool contains(double value) const;
  // `value` when it is in range (and whole, for an integer); else InvalidArgumentError
  // "λ (lambda) must be between 0.001 and 1e+08, got 1e+308".
  double checked(double value) const;
  std::string rangeText() const;  // "[0.001, 1e+08]", "(0, 100]"
  std::string jsonKey() const;    // json, else "pullback_epsilon" for "pullback-epsilon"
};

}  // namespace geodex
