#pragma once
// A truncated Newton step: the quadratic model gᵀp + ½pᵀHp minimised by preconditioned conjugate
// gradients from p = 0, matrix-free (H only through products), stopped early (Steihaug): at a
// direction of non-positive curvature, when the residual meets the forcing term, or after a few
// products. Its first iterate is the preconditioner's step, scaled by the model's own line
// search, so even one product improves on the preconditioner where H is positive along it.
#include <Eigen/Dense>
#include <functional>

namespace geodex {

class TruncatedNewtonStep {
 public:
  // Matrices of the unknowns' shape (for the path energy: [d × interior points]).
  using Operator = std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)>;

  struct Result {
    Eigen::MatrixXd direction;
    int products = 0;                // Hessian products taken
    bool negativeCurvature = false;  // stopped at a direction with dᵀHd ≤ 0
    bool converged = false;          // the residual met the forcing term
  };

  // maxProducts ≥ 1; forcing η in (0, 1): stop once ‖Hp + g‖ ≤ η‖g‖ in the preconditioner's
  // inverse norm. On non-positive curvature at the first product the preconditioned step
  // −M⁻¹g itself is returned (unscaled), later the iterate so far.
  // radius > 0 (Steihaug–Toint): iterates stay within that Frobenius norm; a direction of
  // non-positive curvature, or an iterate that would leave, ends the step on the boundary.
  static Result solve(const Eigen::MatrixXd& gradient, const Operator& hessianTimes,
                      const Operator& preconditionerInverse, int maxProducts, double forcing,
                      double radius = 0.0);
};

}  // namespace geodex
