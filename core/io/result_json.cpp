#include "core/io/result_json.h"

#include <numeric>

namespace geodex {

nlohmann::json pathToJson(const Eigen::MatrixXd& path) {
  nlohmann::json points = nlohmann::json::array();
  for (Eigen::Index j = 0; j < path.cols(); ++j)
    points.push_back(std::vector<double>(path.col(j).data(), path.col(j).data() + path.rows()));
  return points;
}

nlohmann::json toJson(const GeodesicResult& result) {
  nlohmann::json out = {{"solver", result.solver},
                        {"path", pathToJson(result.path)},
                        {"energy", result.energy},
                        {"length", result.length},
                        {"refined_length", result.refinedLength},
                        {"points", result.path.cols()},
                        {"refinements", result.refinements},
                        {"iterations", result.iterations},
                        {"newton_steps", result.newtonSteps},
                        {"score_evaluations", result.scoreEvaluations},
                        {"jacobian_products", result.jacobianProducts},
                        {"converged", result.converged},
                        {"stop_reason", result.stopReason},
                        {"relative_gradient", result.relativeGradient},
                        {"seconds", result.seconds},
                        {"energy_history", result.energyHistory}};
  if (result.graphStart) {
    out["graph_start"] = toJson(*result.graphStart);
    out["graph_start"]["path"] = pathToJson(result.graphStart->path);
  }
  return out;
}

nlohmann::json toJson(const GraphStartResult& result) {
  return {{"graph_length", result.graphLength},
          {"references", result.referenceCount},
          {"neighbours", result.neighbours},
          {"edges", result.edgeCount},
          {"bridges", result.bridges},
          {"vertices", result.vertices},
          {"score_evaluations", result.scoreEvaluations},
          {"seconds", result.seconds}};
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
          {"stop_reason", result.stopReason},
          {"seconds", result.seconds}};
}

namespace {
// Mean of a list, null when empty (a one-frame strip has no neighbours).
nlohmann::json meanOrNull(const std::vector<double>& values) {
  if (values.empty()) return nullptr;
  return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}
}  // namespace

nlohmann::json toJson(const ImageSequenceMetricsResult& result) {
  const StepUniformity& u = result.uniformity;
  return {{"step_distances", result.stepDistances},
          {"path_length", result.pathLength},
          {"uniformity",
           {{"mean", u.mean},
            {"std", u.standardDeviation},
            {"cv", u.coefficientOfVariation},
            {"max_over_mean", u.maxOverMean}}},
          {"ssim", result.ssim},
          {"psnr", result.psnr},
          {"gmsd", result.gmsd},
          {"brisque", result.brisqueAvailable ? nlohmann::json(result.brisque) : nullptr},
          {"brisque_status", result.brisqueStatus},
          {"summary",
           {{"ssim_mean", meanOrNull(result.ssim)},
            {"psnr_mean", meanOrNull(result.psnr)},
            {"gmsd_mean", meanOrNull(result.gmsd)},
            {"brisque_mean", meanOrNull(result.brisque)}}}};
}

}  // namespace geodex
