#pragma once
// A path x₀ … x_N with every segment cut into K equal pieces: N·K + 1 points, the original nodes
// at multiples of K. `spread` is the linear map from the nodes to the refined points, `gather` its
// transpose (for gradients). Used by the refined length of every method and by the pullback
// metric's node form with several pieces per segment.
#include <Eigen/Dense>

namespace geodex {

class RefinedPolygon {
 public:
  static constexpr int kMaxPieces =
      1000;  // the refined length's limit (Rotated MNIST --refinement)

  // Throws InvalidArgumentError unless 1 ≤ pieces ≤ kMaxPieces.
  explicit RefinedPolygon(int pieces);
  int pieces() const { return pieces_; }

  // [d × (N+1)] → [d × (N·K+1)].
  Eigen::MatrixXd spread(const Eigen::MatrixXd& nodes) const;
  // [d × (N·K+1)] → [d × (N+1)]: node i collects (1 − τ) of the points after it and τ of those
  // before it on its two segments.
  Eigen::MatrixXd gather(const Eigen::MatrixXd& refined) const;

 private:
  int pieces_;
};

}  // namespace geodex
