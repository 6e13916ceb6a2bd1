#pragma once
// What a computation with a metric costs in network work: the score evaluations and
// vector–Jacobian products its score model made since the counter was made (0 for a metric
// without a score model) — the results' scoreEvaluations and jacobianProducts.
#include "core/geometry/metric.h"
#include "core/score/score_model.h"

namespace geodex {

class EvaluationCounter {
 public:
  explicit EvaluationCounter(const Metric& metric)
      : model_(metric.scoreModel()),
        scores_(model_ ? model_->scoreEvaluations() : 0),
        products_(model_ ? model_->jacobianProducts() : 0) {}

  long long scoreEvaluations() const { return model_ ? model_->scoreEvaluations() - scores_ : 0; }
  long long jacobianProducts() const {
    return model_ ? model_->jacobianProducts() - products_ : 0;
  }

 private:
  const ScoreModel* model_;
  long long scores_, products_;
};

}  // namespace geodex
