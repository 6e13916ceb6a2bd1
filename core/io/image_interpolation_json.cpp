#include "core/io/image_interpolation_json.h"

#include "core/io/result_json.h"

namespace geodex {

nlohmann::json toJson(const ImageInterpolationPath& path, const std::vector<double>& lpipsSteps) {
  nlohmann::json out = {{"method", toString(path.method)},
                        {"energy", path.energy},
                        {"length", path.length},
                        {"refined_length", path.refinedLength},
                        {"seconds", path.seconds},
                        {"metrics", toJson(path.metrics)}};
  if (path.method == InterpolationMethod::Geodesic) {
    // The latent path itself (d × points) is too large for a report; the solver's figures are not.
    out["solver"] = {{"name", path.solver.solver},
                     {"iterations", path.solver.iterations},
                     {"score_evaluations", path.solver.scoreEvaluations},
                     {"jacobian_products", path.solver.jacobianProducts},
                     {"converged", path.solver.converged},
                     {"stop_reason", path.solver.stopReason},
                     {"energy_history", path.solver.energyHistory}};
    if (path.solver.graphStart) out["solver"]["graph_start"] = toJson(*path.solver.graphStart);
  }
  if (!lpipsSteps.empty()) {
    double sum = 0.0;
    for (const double d : lpipsSteps) sum += d;
    out["lpips_steps"] = lpipsSteps;
    out["lpips_path_length"] = sum;
  }
  return out;
}

nlohmann::json toJson(const ImagePairEvaluationResult& result, bool manyPairs) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const ImagePairRun& run : result.pairs) {
    nlohmann::json methods = nlohmann::json::array();
    for (std::size_t m = 0; m < run.result.paths.size(); ++m)
      methods.push_back(toJson(run.result.paths[m], m < run.lpipsSteps.size()
                                                        ? run.lpipsSteps[m]
                                                        : std::vector<double>()));
    pairs.push_back({{"a", run.pair.a},
                     {"b", run.pair.b},
                     {"line", run.pair.line},
                     {"seconds", run.result.seconds},
                     {"methods", methods}});
  }
  const ImageInterpolationResult* last =
      result.pairs.empty() ? nullptr : &result.pairs.back().result;
  nlohmann::json out = {{"t", last ? last->timestep : 0},
                        {"alpha_bar", last ? last->alphaBar : 0.0},
                        {"unet_evaluations_ddim", result.modelEvaluations},
                        {"seconds", result.seconds}};
  // One pair: its methods as they are. Many: the pairs, and per method the means over them.
  nlohmann::json methods =
      manyPairs || pairs.empty() ? nlohmann::json::array() : pairs[0]["methods"];
  if (manyPairs) {
    out["pairs"] = pairs;
    for (const ImageMethodSummary& s : result.methods)
      methods.push_back({{"method", toString(s.method)},
                         {"mean_length", s.meanLength},
                         {"mean_energy", s.meanEnergy},
                         {"mean_pixel_path_length", s.meanPixelPathLength}});
  }
  if (result.fidKid) {
    out["fid_kid"] = {{"protocol", kImageFidKidProtocol},
                      {"feature_size", result.featureSize},
                      {"interior_frames_per_method", result.interiorFramesPerMethod},
                      {"input_images", result.inputImages}};
    for (std::size_t m = 0; m < result.methods.size() && m < methods.size(); ++m) {
      methods[m]["fid_interior_vs_inputs"] = result.methods[m].fid;
      methods[m]["kid_interior_vs_inputs"] = result.methods[m].kid;
    }
  }
  out["methods"] = methods;
  return out;
}

}  // namespace geodex
