#pragma once
// A Riemannian metric g(x) on R^d, evaluated matrix-free so that it works in image space.
// Points, velocities and vectors are columns: [d × B].
#include <Eigen/Dense>
#include <string>

namespace geodex {

class NodeEmbedding;
class ScoreModel;

// What a metric returns for a batch of (point, velocity) pairs.
struct MetricEvaluation {
  Eigen::VectorXd quadratic;         // qᵢ = vᵢᵀ g(xᵢ) vᵢ  [B]
  Eigen::MatrixXd gradientPoint;     // ∂qᵢ/∂xᵢ  [d × B] (only when gradients were requested)
  Eigen::MatrixXd gradientVelocity;  // ∂qᵢ/∂vᵢ  [d × B]
  // Gauss–Newton model of qᵢ, used by the Gauss–Newton solver: qᵢ ≈ wᵢ‖vᵢ‖² + ρ rᵢ², with the residual
  // rᵢ linearised as drᵢ = aᵢᵀ dvᵢ + bᵢᵀ dxᵢ. The score metric has wᵢ = 1, ρ = λ, rᵢ = sᵢᵀvᵢ,
  // aᵢ = sᵢ, bᵢ = Jᵢᵀvᵢ. Metrics without a rank-one part have ρ = 0 and no a, b.
  Eigen::VectorXd isotropicWeight;  // wᵢ [B]
  double rankOneWeight = 0.0;       // ρ
  Eigen::MatrixXd residualVelocityDirection;  // aᵢ [d × B]
  Eigen::MatrixXd residualPointDirection;     // bᵢ [d × B]
  // Several residuals per segment (SegmentQuadratureMetric: one per node along it), which a
  // single linearised residual models poorly: residual k of segment i is column i·K + k, weighted
  // ρ·residualWeights[k], with its gradients with respect to the segment's end node xᵢ₊₁ and
  // start node xᵢ. Empty: the one residual per segment above.
  Eigen::VectorXd residualWeights;        // [K]
  Eigen::MatrixXd residualEndGradient;    // [d × B·K]
  Eigen::MatrixXd residualStartGradient;  // [d × B·K]
};

// The unit ball of g at a point: x + axes·u for ‖u‖ ≤ 1. Columns of `axes` are semi-axes.
struct MetricEllipsoid {
  Eigen::VectorXd centre;
  Eigen::MatrixXd axes;  // [d × d]
  double logDeterminant = 0.0;
};

class Metric {
 public:
  virtual ~Metric() = default;
  virtual std::string name() const = 0;
  virtual int dimension() const = 0;
  // The score model behind the metric, or nullptr (Euclidean).
  virtual const ScoreModel* scoreModel() const { return nullptr; }
  // Non-null for pullback metrics whose discrete energy compares neighbouring nodes
  // (NodeEmbedding); PathEnergy and the solvers then use the node form.
  virtual const NodeEmbedding* nodeEmbedding() const { return nullptr; }

  virtual MetricEvaluation evaluate(const Eigen::MatrixXd& points,
                                    const Eigen::MatrixXd& velocities,
                                    bool withGradients) const = 0;
  // g(x)⁻¹ w for every column, matrix-free.
  virtual Eigen::MatrixXd applyInverse(const Eigen::MatrixXd& points,
                                       const Eigen::MatrixXd& vectors) const = 0;
  // log det g(xᵢ) [B].
  virtual Eigen::VectorXd logDeterminant(const Eigen::MatrixXd& points) const = 0;
  // ẍ of the geodesic through (xᵢ, vᵢ): the Euler–Lagrange equation of ½ vᵀ g v.
  virtual Eigen::MatrixXd geodesicAcceleration(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& velocities) const = 0;
  // The dense d × d tensor g(x): for small d only (views, tests).
  virtual Eigen::MatrixXd denseTensor(const Eigen::VectorXd& point) const = 0;

  // vᵀ g v for one pair (convenience over evaluate()).
  double squaredNorm(const Eigen::VectorXd& point, const Eigen::VectorXd& velocity) const;
  // The unit ball of g at `point` (small d): semi-axes eᵢ/√λᵢ from g's eigen-decomposition.
  MetricEllipsoid unitBall(const Eigen::VectorXd& point) const;

 protected:
  void checkShapes(const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const;
};

}  // namespace geodex
