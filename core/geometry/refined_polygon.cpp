#include "core/geometry/refined_polygon.h"

#include <string>

#include "core/util/errors.h"

namespace geodex {

RefinedPolygon::RefinedPolygon(int pieces) : pieces_(pieces) {
  if (pieces < 1 || pieces > kMaxPieces)
    throw InvalidArgumentError("pieces per segment must be in [1, " + std::to_string(kMaxPieces) +
                               "], got " + std::to_string(pieces));
}

Eigen::MatrixXd RefinedPolygon::spread(const Eigen::MatrixXd& nodes) const {
  if (pieces_ == 1) return nodes;
  const Eigen::Index segments = nodes.cols() - 1;
  Eigen::MatrixXd refined(nodes.rows(), segments * pieces_ + 1);
  for (Eigen::Index i = 0; i < segments; ++i)
    for (int k = 0; k < pieces_; ++k) {
      const double t = double(k) / pieces_;
      refined.col(i * pieces_ + k) = (1.0 - t) * nodes.col(i) + t * nodes.col(i + 1);
    }
  refined.col(refined.cols() - 1) = nodes.col(segments);
  return refined;
}

Eigen::MatrixXd RefinedPolygon::gather(const Eigen::MatrixXd& refined) const {
  if (pieces_ == 1) return refined;
  const Eigen::Index segments = (refined.cols() - 1) / pieces_;
  if (segments * pieces_ + 1 != refined.cols())
    throw InvalidArgumentError("a refined polygon has N·K + 1 points");
  Eigen::MatrixXd nodes = Eigen::MatrixXd::Zero(refined.rows(), segments + 1);
  for (Eigen::Index i = 0; i < segments; ++i)
    for (int k = 0; k < pieces_; ++k) {
      const double t = double(k) / pieces_;
      nodes.col(i) += (1.0 - t) * refined.col(i * pieces_ + k);
      if (k > 0) nodes.col(i + 1) += t * refined.col(i * pieces_ + k);
    }
  nodes.col(segments) += refined.col(refined.cols() - 1);
  return nodes;
}

}  // namespace geodex
