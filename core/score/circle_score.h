#pragma once
// The exact score of points uniform on the unit circle in R² smoothed by N(0, σ²I):
// s(x) = x̂ (I₁(r/σ²)/I₀(r/σ²) − r)/σ², and its normalised log-density
// log p = −log(2πσ²) − (r² + 1)/(2σ²) + log I₀(r/σ²).
#include "core/score/radial_score_model.h"

namespace geodex {

class CircleScore : public RadialScoreModel {
 public:
  explicit CircleScore(double sigma) : RadialScoreModel(sigma) {}
  std::string name() const override { return "circle-analytic"; }
  int dimension() const override { return 2; }
  RadialProfile profile(double r) const override;
  double logDensityAtRadius(double r) const override;
};

}  // namespace geodex
