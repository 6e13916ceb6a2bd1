#include "core/io/rotated_digit_json.h"

#include "core/diffusion/digit_diffusion_model.h"
#include "core/io/metric_options_json.h"

namespace geodex {

namespace {

// What produced the geodesic's metric.
nlohmann::json scoreJson(const RotatedDigitGeodesicOptions& o, const std::string& name) {
  if (!o.model) return {{"score", "empirical"}, {"sigma", o.sigma}, {"rotations", o.rotations}};
  return {{"score", "model"}, {"model", o.model->path()},  {"model_name", name},
          {"t", o.timestep},  {"ddim_steps", o.ddimSteps}, {"device", o.model->deviceName()}};
}

}  // namespace

nlohmann::json toJson(const RotatedDigitMethodResult& m) {
  std::vector<double> angles, mse, ssim;
  for (const auto& match : m.matches) {
    angles.push_back(match.angle);
    mse.push_back(match.mse);
    ssim.push_back(match.ssim);
  }
  return {{"mean_mse", m.meanMse},
          {"mean_ssim", m.meanSsim},
          {"monotonic", m.monotonic},
          {"largest_angle_step", m.largestAngleStep},
          {"recovered_angles", angles},
          {"mse", mse},
          {"ssim", ssim},
          {"length", m.length},
          {"energy", m.energy},
          {"pullback_length", m.pullbackLength},
          {"pullback_energy", m.pullbackEnergy},
          {"refined_length", m.refinedLength},
          {"mean_angle_error", m.meanAngleError},
          {"image_steps", m.imageSteps},
          {"image_step_max_over_mean", m.imageStepUniformity.maxOverMean},
          {"image_step_cv", m.imageStepUniformity.coefficientOfVariation},
          {"mean_mse_even_truth", m.meanMseToEvenTruth},
          {"iterations", m.iterations},
          {"score_evaluations", m.scoreEvaluations},
          {"seconds", m.seconds},
          {"converged", m.converged},
          {"graph_seconds", m.graphSeconds},
          {"graph_score_evaluations", m.graphScoreEvaluations}};
}

nlohmann::json toJson(const RotatedDigitGeodesicResult& result,
                      const RotatedDigitGeodesicOptions& options) {
  nlohmann::json out = {{"from_angle", options.fromAngle},
                        {"to_angle", options.toAngle},
                        {"points", options.points},
                        {"perturbed", options.perturb},
                        {"denoised", options.denoise},
                        {"endpoint_noise_norm", result.endpointNoiseNorm},
                        {"solver",
                         {{"name", result.solver.solver},
                          {"iterations", result.solver.iterations},
                          {"converged", result.solver.converged},
                          {"score_evaluations", result.solver.scoreEvaluations},
                          {"stop_reason", result.solver.stopReason}}},
                        {"seconds", result.seconds}};
  out.update(scoreJson(options, result.score));
  std::vector<std::string> order;
  for (const auto& m : result.methods) {
    out["methods"][m.method] = toJson(m);
    order.push_back(m.method);
  }
  out["method_order"] = order;  // the geodesic methods (the default first), lerp, slerp
  // One digit: the noisy true rotations, measured like the methods (not a method).
  if (!result.trueRotations.method.empty()) out["true_rotations"] = toJson(result.trueRotations);
  putMetricParameters(out, options.metric, {MetricKind::Score, MetricKind::Pullback});
  return out;
}

}  // namespace geodex
