#pragma once
// FID and KID between two sets of image features (e.g. Inception-v3 pool features from
// InceptionScorer), Eigen only. Feature matrices are [samples × F]: one row per image.
//   FID (Heusel et al. 2017): ‖μ₁ − μ₂‖² + tr(C₁ + C₂ − 2 (C₁^½ C₂ C₁^½)^½), with the sample
//     means μ and the unbiased (N − 1) sample covariances C, as pytorch-fid computes them.
//   KID (Bińkowski et al. 2018): the unbiased estimate of MMD² with the polynomial kernel
//     k(x, y) = (xᵀy / F + 1)³, over the whole sets (no subset averaging: we have few images).
#include <Eigen/Dense>

namespace geodex {

// Mean [F] and unbiased covariance [F × F] of the rows of a [samples × F] matrix.
struct FeatureStatistics {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  int samples = 0;
};

// Throws InvalidArgumentError for fewer than 2 samples or non-finite features.
FeatureStatistics featureStatistics(const Eigen::MatrixXd& features);

// The Fréchet distance of N(μ₁, C₁) and N(μ₂, C₂); covariances symmetric positive
// semi-definite [F × F]. Square roots through SelfAdjointEigenSolver, eigenvalues below 0
// (rounding) clamped to 0; the result is clamped to ≥ 0. Throws InvalidArgumentError when the
// sizes do not match.
double frechetDistance(const Eigen::VectorXd& mean1, const Eigen::MatrixXd& covariance1,
                       const Eigen::VectorXd& mean2, const Eigen::MatrixXd& covariance2);
double frechetDistance(const FeatureStatistics& a, const FeatureStatistics& b);

// FID of two feature sets [n₁ × F] and [n₂ × F]; n₁, n₂ ≥ 2: frechetDistance of their
// statistics, computed through an n × n eigenproblem instead of F × F ones when a set has fewer
// samples than features (same value, milliseconds instead of ~40 s at F = 2048). Throws
// InvalidArgumentError for too few samples or different F.
double frechetInceptionDistance(const Eigen::MatrixXd& features1, const Eigen::MatrixXd& features2);

// Unbiased MMD² (can be slightly negative for sets from one distribution); n₁, n₂ ≥ 2.
// Throws InvalidArgumentError for too few samples or different F.
double kernelInceptionDistance(const Eigen::MatrixXd& features1, const Eigen::MatrixXd& features2);

}  // namespace geodex
