#pragma once
// The exact score of points uniform on the unit sphere S² ⊂ R³ smoothed by N(0, σ²I):
// s(x) = x̂ (coth(r/σ²)/σ² − r/σ² − 1/r), and its normalised log-density
// log p = −(3/2) log(2πσ²) − (r² + 1)/(2σ²) + log(sinh(r/σ²)/(r/σ²)).
#include "core/score/radial_score_model.h"

namespace geodex {

class SphereScore : public RadialScoreModel {
 public:
  explicit SphereScore(double sigma) : RadialScoreModel(sigma) {}
  std::string name() const override { return "sphere-analytic"; }
  int dimension() const override { return 3; }
  RadialProfile profile(double r) const override;
  double logDensityAtRadius(double r) const override;
};

}  // namespace geodex
