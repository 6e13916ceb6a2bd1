#pragma once
// A score model s(x) = ∇ₓ log p(x) at a fixed noise level, with the derivative products the
// geodesic solvers need. Points are columns: every matrix here is [d × B] (d = dimension(),
// B = batch size), one point or vector per column.
//
// The public methods validate shapes, reject non-finite points and output with a NumericalError
// (a run's numbers broke down: the run failed, the model file is not at fault) and count
// evaluations; subclasses implement the protected compute* methods. Instances are used from a
// worker thread and the GUI thread at once, so compute* must be thread-safe (const, no caches).
#include <Eigen/Dense>
#include <atomic>
#include <string>
#include <utility>

namespace geodex {

class ScoreModel {
 public:
  virtual ~ScoreModel() = default;

  virtual std::string name() const = 0;
  virtual int dimension() const = 0;
  // True when s is the gradient of a function (J symmetric): then Jᵀv = Jv.
  virtual bool isGradientField() const = 0;
  // True when logDensity() is available (analytic and empirical models).
  virtual bool hasLogDensity() const { return false; }
  // The unit roundoff of the arithmetic the score is computed in: 2⁻⁵³ for float64, 2⁻²⁴ for a
  // float32 network (a float64 wrapper around it does not make it more precise). The geodesic
  // solvers ask for no energy change finer than the score can resolve.
  virtual double unitRoundoff() const { return 0x1p-53; }

  // s(X) [d × B].
  Eigen::MatrixXd score(const Eigen::MatrixXd& points) const;
  // J(xᵢ) vᵢ for every column: [d × B].
  Eigen::MatrixXd jacobianVectorProduct(const Eigen::MatrixXd& points,
                                        const Eigen::MatrixXd& vectors) const;
  // J(xᵢ)ᵀ vᵢ for every column: [d × B].
  Eigen::MatrixXd vectorJacobianProduct(const Eigen::MatrixXd& points,
                                        const Eigen::MatrixXd& vectors) const;
  // s(X) and J(X)ᵀV together (one forward pass where the model allows it).
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> scoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const;
  // log p(xᵢ), normalised, [B]. Throws ModelError when !hasLogDensity().
  Eigen::VectorXd logDensity(const Eigen::MatrixXd& points) const;

  // Points at which the score was evaluated (a fused score+VJP counts once) and derivative
  // products taken, since construction.
  long long scoreEvaluations() const { return scoreEvaluations_.load(); }
  long long jacobianProducts() const { return jacobianProducts_.load(); }

 protected:
  virtual Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const = 0;
  virtual Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                                       const Eigen::MatrixXd& vectors) const = 0;
  // Default: J v, valid only for gradient fields; other models must override.
  virtual Eigen::MatrixXd computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                                       const Eigen::MatrixXd& vectors) const;
  // Default: the two calls above.
  virtual std::pair<Eigen::MatrixXd, Eigen::MatrixXd> computeScoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const;
  virtual Eigen::VectorXd computeLogDensity(const Eigen::MatrixXd& points) const;

 private:
  using DerivativeProduct = Eigen::MatrixXd (ScoreModel::*)(const Eigen::MatrixXd&,
                                                            const Eigen::MatrixXd&) const;
  // J v or Jᵀv (`compute`) with the checks and counts every derivative product gets.
  Eigen::MatrixXd derivativeProduct(const char* what, const Eigen::MatrixXd& points,
                                    const Eigen::MatrixXd& vectors,
                                    DerivativeProduct compute) const;
  void checkPoints(const Eigen::MatrixXd& points, const char* what) const;
  void checkVectors(const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const;
  void checkFinite(const Eigen::MatrixXd& values, const Eigen::MatrixXd& points,
                   const char* what) const;

  mutable std::atomic<long long> scoreEvaluations_{0};
  mutable std::atomic<long long> jacobianProducts_{0};
};

}  // namespace geodex
