#pragma once
// L-BFGS corrections on top of a base model of the Hessian. The Gauss–Newton model of the path
// energy leaves out the residuals' curvature, so plain Gauss–Newton steps converge only linearly
// on paths that hug a curved manifold; the secant pairs of the last iterations (step, change of
// the gradient) add the curvature the model misses, through the two-loop recursion with the
// model's inverse as its base.
#include <Eigen/Dense>
#include <deque>
#include <functional>

namespace geodex {

class SecantCorrections {
 public:
  using Solve = std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)>;

  explicit SecantCorrections(int memory) : memory_(memory) {}

  // Keeps the pair when it carries positive curvature (sᵀy > 0); the oldest pair goes first.
  void add(Eigen::MatrixXd step, Eigen::MatrixXd gradientChange);
  // H⁻¹ gradient with H the base model corrected by the stored pairs (plain base solve when
  // there are none).
  Eigen::MatrixXd apply(const Eigen::MatrixXd& gradient, const Solve& baseInverse) const;

  bool empty() const { return pairs_.empty(); }
  void clear() { pairs_.clear(); }

 private:
  struct Pair {
    Eigen::MatrixXd step, gradientChange;
    double inverseCurvature;  // 1 / sᵀy
  };
  int memory_;
  std::deque<Pair> pairs_;
};

}  // namespace geodex
