#include "core/geometry/segment_quadrature_metric.h"

#include <cmath>

#include "core/score/score_model.h"
#include "core/util/errors.h"

namespace geodex {

void checkQuadratureNodes(int nodes) {
  if (nodes < 1 || nodes > kMaxQuadratureNodes)
    throw InvalidArgumentError("--quadrature takes 1 to " + std::to_string(kMaxQuadratureNodes) +
                               " nodes per segment, got " + std::to_string(nodes));
}

SegmentQuadratureMetric::SegmentQuadratureMetric(std::shared_ptr<const ScoreModel> model,
                                                 double lambda, int nodes)
    : model_(model), lambda_(lambda), pointMetric_(std::move(model), lambda) {
  // Gauss–Legendre on [−1, 1], halved to [−½, ½]; weights normalised to sum 1.
  switch (nodes) {
    case 1:
      nodes_ = Eigen::VectorXd::Zero(1);
      weights_ = Eigen::VectorXd::Ones(1) * 2;
      break;
    case 2:
      nodes_ = Eigen::Vector2d(-1 / std::sqrt(3.0), 1 / std::sqrt(3.0));
      weights_ = Eigen::Vector2d(1, 1);
      break;
    case 3:
      nodes_ = Eigen::Vector3d(-std::sqrt(0.6), 0, std::sqrt(0.6));
      weights_ = Eigen::Vector3d(5.0 / 9, 8.0 / 9, 5.0 / 9);
      break;
    case 4: {
      const double a = std::sqrt(3.0 / 7 - 2.0 / 7 * std::sqrt(1.2)),
                   b = std::sqrt(3.0 / 7 + 2.0 / 7 * std::sqrt(1.2));
      const double wa = (18 + std::sqrt(30.0)) / 36, wb = (18 - std::sqrt(30.0)) / 36;
      nodes_ = Eigen::Vector4d(-b, -a, a, b);
      weights_ = Eigen::Vector4d(wb, wa, wa, wb);
      break;
    }
    case 5: {
      const double a = std::sqrt(5 - 2 * std::sqrt(10.0 / 7)) / 3,
                   b = std::sqrt(5 + 2 * std::sqrt(10.0 / 7)) / 3;
      const double wa = (322 + 13 * std::sqrt(70.0)) / 900, wb = (322 - 13 * std::sqrt(70.0)) / 900;
      nodes_.resize(5);
      weights_.resize(5);
      nodes_ << -b, -a, 0, a, b;
      weights_ << wb, wa, 128.0 / 225, wa, wb;
      break;
    }
    default:
      checkQuadratureNodes(nodes);  // throws: the cases above are every valid count
  }
  nodes_ *= 0.5;
  weights_ /= weights_.sum();
}

MetricEvaluation SegmentQuadratureMetric::evaluate(const Eigen::MatrixXd& points,
                                                   const Eigen::MatrixXd& velocities,
                                                   bool withGradients) const {
  checkShapes(points, velocities);
  const Eigen::Index d = points.rows(), n = points.cols();
  MetricEvaluation out;
  Eigen::VectorXd sumSquares = Eigen::VectorXd::Zero(n);
  // Σₖ wₖ rₖ ∂rₖ/∂v and Σₖ wₖ rₖ ∂rₖ/∂m, rₖ = s(m + τₖΔ)ᵀΔ.
  Eigen::MatrixXd velocityPart = Eigen::MatrixXd::Zero(d, n),
                  pointPart = Eigen::MatrixXd::Zero(d, n);
  Eigen::MatrixXd midpointScores;
  const Eigen::Index nodeCount = nodes_.size();
  if (withGradients) {
    out.residualWeights = weights_;
    out.residualEndGradient.resize(d, n * nodeCount);
    out.residualStartGradient.resize(d, n * nodeCount);
  }
  for (Eigen::Index k = 0; k < nodeCount; ++k) {
    const Eigen::MatrixXd x = points + nodes_[k] * velocities;
    Eigen::MatrixXd s, jtv;
    if (withGradients) {
      std::tie(s, jtv) = model_->scoreAndVectorJacobianProduct(x, velocities);
    } else {
      s = model_->score(x);
    }
    const Eigen::VectorXd r = (s.array() * velocities.array()).colwise().sum().transpose();
    sumSquares += weights_[k] * r.cwiseAbs2();
    if (withGradients) {
      // ∂rₖ/∂Δ = sₖ + τₖ Jₖᵀ Δ,  ∂rₖ/∂m = Jₖᵀ Δ.
      const Eigen::VectorXd wr = weights_[k] * r;
      velocityPart += (s + nodes_[k] * jtv) * wr.asDiagonal();
      pointPart += jtv * wr.asDiagonal();
      // rₖ at m + τₖΔ = (½ − τₖ)xᵢ + (½ + τₖ)xᵢ₊₁: ∂rₖ/∂xᵢ₊₁ = sₖ + (½ + τₖ)Jₖᵀ Δ, ∂rₖ/∂xᵢ = −sₖ +
      // (½ − τₖ)Jₖᵀ Δ.
      for (Eigen::Index j = 0; j < n; ++j) {
        out.residualEndGradient.col(j * nodeCount + k) = s.col(j) + (0.5 + nodes_[k]) * jtv.col(j);
        out.residualStartGradient.col(j * nodeCount + k) =
            -s.col(j) + (0.5 - nodes_[k]) * jtv.col(j);
      }
    }
    if (k == nodes_.size() / 2) midpointScores = s;
  }
  out.quadratic = velocities.colwise().squaredNorm().transpose() + lambda_ * sumSquares;
  out.isotropicWeight = Eigen::VectorXd::Ones(n);
  out.rankOneWeight = lambda_;
  if (withGradients) {
    out.gradientVelocity = 2.0 * velocities + 2.0 * lambda_ * velocityPart;
    out.gradientPoint = 2.0 * lambda_ * pointPart;
    // One residual ρ = (Σ wₖ rₖ²)^½ per segment: dρ = (Σ wₖ rₖ drₖ)/ρ. Where ρ ≈ 0, the midpoint
    // score stands in for the direction (as in ScoreMetric).
    out.residualVelocityDirection.resize(d, n);
    out.residualPointDirection.resize(d, n);
    for (Eigen::Index j = 0; j < n; ++j) {
      const double rho = std::sqrt(sumSquares[j]);
      if (rho > 1e-12) {
        out.residualVelocityDirection.col(j) = velocityPart.col(j) / rho;
        out.residualPointDirection.col(j) = pointPart.col(j) / rho;
      } else {
        out.residualVelocityDirection.col(j) = midpointScores.col(j);
        out.residualPointDirection.col(j).setZero();
      }
    }
  }
  return out;
}

}  // namespace geodex
