#include "core/score/blockwise_score_model.h"

#include <string>

#include "core/util/errors.h"

namespace geodex {

BlockwiseScoreModel::BlockwiseScoreModel(std::shared_ptr<const ScoreModel> model, const char* role)
    : model_(std::move(model)) {
  if (!model_) throw InvalidArgumentError(std::string("no score model to ") + role);
}

Eigen::MatrixXd BlockwiseScoreModel::computeScore(const Eigen::MatrixXd& points) const {
  Eigen::MatrixXd out(points.rows(), points.cols());
  forEachBlock(points.cols(), [&](Eigen::Index b, Eigen::Index n) {
    out.middleCols(b, n) = model_->score(points.middleCols(b, n));
  });
  return out;
}

Eigen::MatrixXd BlockwiseScoreModel::productByBlocks(Product product, const Eigen::MatrixXd& points,
                                                     const Eigen::MatrixXd& vectors) const {
  Eigen::MatrixXd out(points.rows(), points.cols());
  forEachBlock(points.cols(), [&](Eigen::Index b, Eigen::Index n) {
    out.middleCols(b, n) = (*model_.*product)(points.middleCols(b, n), vectors.middleCols(b, n));
  });
  return out;
}

Eigen::MatrixXd BlockwiseScoreModel::computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                                                  const Eigen::MatrixXd& vectors) const {
  return productByBlocks(&ScoreModel::jacobianVectorProduct, points, vectors);
}

Eigen::MatrixXd BlockwiseScoreModel::computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                                                  const Eigen::MatrixXd& vectors) const {
  return productByBlocks(&ScoreModel::vectorJacobianProduct, points, vectors);
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> BlockwiseScoreModel::computeScoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> out{Eigen::MatrixXd(points.rows(), points.cols()),
                                                  Eigen::MatrixXd(points.rows(), points.cols())};
  forEachBlock(points.cols(), [&](Eigen::Index b, Eigen::Index n) {
    auto [s, vjp] =
        model_->scoreAndVectorJacobianProduct(points.middleCols(b, n), vectors.middleCols(b, n));
    out.first.middleCols(b, n) = s;
    out.second.middleCols(b, n) = vjp;
  });
  return out;
}

Eigen::VectorXd BlockwiseScoreModel::computeLogDensity(const Eigen::MatrixXd& points) const {
  Eigen::VectorXd out(points.cols());
  forEachBlock(points.cols(), [&](Eigen::Index b, Eigen::Index n) {
    out.segment(b, n) = model_->logDensity(points.middleCols(b, n));
  });
  return out;
}

}  // namespace geodex
