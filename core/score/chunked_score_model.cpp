#include "core/score/chunked_score_model.h"

#include <algorithm>

#include "core/util/errors.h"

namespace geodex {

namespace {
// Applies f to column blocks of at most `chunk` columns and stacks the [rows × cols] results.
template <typename F>
Eigen::MatrixXd byChunks(Eigen::Index cols, Eigen::Index rows, Eigen::Index chunk, F&& f) {
  Eigen::MatrixXd out(rows, cols);
  for (Eigen::Index begin = 0; begin < cols; begin += chunk) {
    const Eigen::Index n = std::min(chunk, cols - begin);
    out.middleCols(begin, n) = f(begin, n);
  }
  return out;
}
}  // namespace

ChunkedScoreModel::ChunkedScoreModel(std::shared_ptr<const ScoreModel> model, int chunkSize)
    : model_(std::move(model)), chunkSize_(chunkSize) {
  if (!model_) throw InvalidArgumentError("no score model to chunk");
  if (chunkSize < 1) throw InvalidArgumentError("the score chunk size must be at least 1");
}

Eigen::MatrixXd ChunkedScoreModel::computeScore(const Eigen::MatrixXd& points) const {
  return byChunks(points.cols(), points.rows(), chunkSize_, [&](Eigen::Index b, Eigen::Index n) {
    return model_->score(points.middleCols(b, n));
  });
}

Eigen::MatrixXd ChunkedScoreModel::computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                                                const Eigen::MatrixXd& vectors) const {
  return byChunks(points.cols(), points.rows(), chunkSize_, [&](Eigen::Index b, Eigen::Index n) {
    return model_->jacobianVectorProduct(points.middleCols(b, n), vectors.middleCols(b, n));
  });
}

Eigen::MatrixXd ChunkedScoreModel::computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                                                const Eigen::MatrixXd& vectors) const {
  return byChunks(points.cols(), points.rows(), chunkSize_, [&](Eigen::Index b, Eigen::Index n) {
    return model_->vectorJacobianProduct(points.middleCols(b, n), vectors.middleCols(b, n));
  });
}

std::pair<Eigen::MatrixXd, Eigen::MatrixXd> ChunkedScoreModel::computeScoreAndVectorJacobianProduct(
    const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const {
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> out{Eigen::MatrixXd(points.rows(), points.cols()),
                                                  Eigen::MatrixXd(points.rows(), points.cols())};
  for (Eigen::Index begin = 0; begin < points.cols(); begin += chunkSize_) {
    const Eigen::Index n = std::min(chunkSize_, points.cols() - begin);
    auto [s, vjp] = model_->scoreAndVectorJacobianProduct(points.middleCols(begin, n),
                                                          vectors.middleCols(begin, n));
    out.first.middleCols(begin, n) = s;
    out.second.middleCols(begin, n) = vjp;
  }
  return out;
}

Eigen::VectorXd ChunkedScoreModel::computeLogDensity(const Eigen::MatrixXd& points) const {
  return byChunks(points.cols(), 1, chunkSize_, [&](Eigen::Index b, Eigen::Index n) {
           return Eigen::MatrixXd(model_->logDensity(points.middleCols(b, n)).transpose());
         }).transpose();
}

}  // namespace geodex
