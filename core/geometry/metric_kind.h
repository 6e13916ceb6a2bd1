#pragma once
// The metrics a user chooses by name, and those names (options, JSON, menus). Apart from the
// factory (metric_factory.h), so that parsers of sessions and options need no metrics.
#include <string>

namespace geodex {

enum class MetricKind {
  Euclidean,  // g = I
  Score,      // the paper's g = I + λ s sᵀ
  Conformal,  // g = (ε + p)^(−α) I, needs a model with a log-density
  Pullback,   // the score-pullback g = εI + JᵀJ (J = ∂s/∂x), as node differences of the score
};

// "euclidean" | "score" | "conformal" | "pullback"; parse throws InvalidArgumentError naming the choices.
MetricKind parseMetricKind(const std::string& text);
std::string toString(MetricKind kind);

}  // namespace geodex
