#pragma once
// Exact score of a rotation-invariant density in R^d: s(x) = f(r) x̂, r = ‖x‖. Subclasses
// give the radial profile f, f(r)/r, f'(r) and log p(r); the Jacobian follows in closed form,
// J = f'(r) x̂x̂ᵀ + (f(r)/r)(I − x̂x̂ᵀ), symmetric.
#include "core/score/score_model.h"

namespace geodex {

struct RadialProfile {
  double value;            // f(r)
  double valueOverRadius;  // f(r)/r, finite at r = 0
  double derivative;       // f'(r)
};

class RadialScoreModel : public ScoreModel {
 public:
  explicit RadialScoreModel(double sigma);
  double sigma() const { return sigma_; }
  bool isGradientField() const override { return true; }
  bool hasLogDensity() const override { return true; }

  virtual RadialProfile profile(double r) const = 0;
  virtual double logDensityAtRadius(double r) const = 0;
  // Radius where the score vanishes (the density's ridge), found by bisection on f.
  double ridgeRadius() const;

 protected:
  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const override;
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override;
  Eigen::VectorXd computeLogDensity(const Eigen::MatrixXd& points) const override;

  double sigma_;
  double kappa_;  // 1/σ²
};

}  // namespace geodex
