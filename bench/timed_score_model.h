#pragma once
// A score model that forwards to another and adds up the wall-clock seconds spent inside it, so
// that a benchmark can split a solve's time into the network's and the solver's own arithmetic.
#include <chrono>
#include <memory>
#include <string>

#include "core/score/score_model.h"

namespace geodex {

class TimedScoreModel : public ScoreModel {
 public:
  explicit TimedScoreModel(std::shared_ptr<const ScoreModel> inner) : inner_(std::move(inner)) {}

  std::string name() const override { return inner_->name(); }
  int dimension() const override { return inner_->dimension(); }
  bool isGradientField() const override { return inner_->isGradientField(); }
  double unitRoundoff() const override { return inner_->unitRoundoff(); }
  // Seconds spent in the wrapped model since construction (or the last reset).
  double seconds() const { return seconds_; }
  void reset() const { seconds_ = 0.0; }

 protected:
  // Defined before the overrides that call it (its return type is deduced).
  template <class Call>
  auto timed(Call&& call) const {
    const auto start = std::chrono::steady_clock::now();
    auto out = call();
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  }

  Eigen::MatrixXd computeScore(const Eigen::MatrixXd& points) const override {
    return timed([&] { return inner_->score(points); });
  }
  Eigen::MatrixXd computeJacobianVectorProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override {
    return timed([&] { return inner_->jacobianVectorProduct(points, vectors); });
  }
  Eigen::MatrixXd computeVectorJacobianProduct(const Eigen::MatrixXd& points,
                                               const Eigen::MatrixXd& vectors) const override {
    return timed([&] { return inner_->vectorJacobianProduct(points, vectors); });
  }
  std::pair<Eigen::MatrixXd, Eigen::MatrixXd> computeScoreAndVectorJacobianProduct(
      const Eigen::MatrixXd& points, const Eigen::MatrixXd& vectors) const override {
    return timed([&] { return inner_->scoreAndVectorJacobianProduct(points, vectors); });
  }

 private:
  std::shared_ptr<const ScoreModel> inner_;
  mutable double seconds_ = 0.0;  // the solvers call the model from one thread
};

}  // namespace geodex
