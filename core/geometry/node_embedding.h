#pragma once
// A metric that is the pullback of the Euclidean metric under an embedding φ: R^d → R^D,
// vᵀg(x)v = ‖Dφ(x) v‖². Its discrete energy compares neighbouring nodes instead of sampling g at
// segment midpoints: E = (N/2) Σᵢ ‖φ(xᵢ₊₁) − φ(xᵢ)‖² (PathEnergy). Why: a midpoint can sit where
// the score vanishes while the segment jumps a density ridge; node differences see the jump.
// Points and vectors are columns: [d × B] in, [D × B] embedded.
#include <Eigen/Dense>

namespace geodex {

class NodeEmbedding {
 public:
  virtual ~NodeEmbedding() = default;
  virtual int embeddingDimension() const = 0;  // D
  // The energy is taken over the path with every segment cut into this many pieces (1 = the
  // nodes only): pieces keep two on-manifold nodes with similar φ from hiding a segment that
  // leaves the manifold between them.
  virtual int segmentPieces() const { return 1; }
  // φ(xᵢ) [D × B].
  virtual Eigen::MatrixXd embed(const Eigen::MatrixXd& points) const = 0;
  // Dφ(xᵢ) vᵢ [D × B].
  virtual Eigen::MatrixXd embeddingJacobianProduct(const Eigen::MatrixXd& points,
                                                   const Eigen::MatrixXd& vectors) const = 0;
  // Dφ(xᵢ)ᵀ wᵢ [d × B] for cotangents w [D × B].
  virtual Eigen::MatrixXd embeddingJacobianTransposeProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& cotangents) const = 0;
};

}  // namespace geodex
