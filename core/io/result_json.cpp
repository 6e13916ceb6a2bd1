#include "core/io/result_json.h"

namespace geodex {

nlohmann::json pathToJson(const Eigen::MatrixXd& path) {
  nlohmann::json points = nlohmann::json::array();
  for (Eigen::Index j = 0; j < path.cols(); ++j)
    points.push_back(std::vector<double>(path.col(j).data(), path.col(j).data() + path.rows()));
  return points;
}

nlohmann::json toJson(const GeodesicResult& result) {
  return {{"solver", result.solver},
          {"path", pathToJson(result.path)},
          {"energy", result.energy},
          {"length", result.length},
          {"iterations", result.iterations},
          {"score_evaluations", result.scoreEvaluations},
          {"jacobian_products", result.jacobianProducts},
          {"converged", result.converged},
          {"cancelled", result.cancelled},
          {"stop_reason", result.stopReason},
          {"seconds", result.seconds},
          {"energy_history", result.energyHistory}};
}

nlohmann::json toJson(const ShootingResult& result) {
  return {{"path", pathToJson(result.path)},
          {"velocities", pathToJson(result.velocities)},
          {"energy", result.energy},
          {"length", result.length},
          {"speed_drift", result.speedDrift},
          {"steps", result.steps},
          {"rejected_steps", result.rejectedSteps},
          {"score_evaluations", result.scoreEvaluations},
          {"converged", result.converged},
          {"cancelled", result.cancelled},
          {"stop_reason", result.stopReason},
          {"seconds", result.seconds}};
}

}  // namespace geodex
