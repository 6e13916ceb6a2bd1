#include "core/io/synthetic_scene_json.h"

#include "core/io/metric_options_json.h"
#include "core/io/result_json.h"
#include "core/score/score_model.h"

namespace geodex {

nlohmann::json toJson(const SyntheticSceneResult& r) {
  nlohmann::json out = toJson(r.geodesic);
  out["straight_path"] = pathToJson(r.straightPath);
  out["straight_length"] = r.straightLength;
  out["straight_refined_length"] = r.straightRefinedLength;
  out["straight_energy"] = r.straightEnergy;
  if (r.slerpPath.cols() > 0) {
    out["slerp_path"] = pathToJson(r.slerpPath);
    out["slerp_length"] = r.slerpLength;
    out["slerp_refined_length"] = r.slerpRefinedLength;
  }
  if (r.extrapolation.cols() > 0) {
    out["extrapolation_path"] = pathToJson(r.extrapolation);
    out["extrapolation_length"] = r.extrapolationLength;
  }
  for (const ComparisonPath& c : r.comparisons)
    out["comparisons"][toString(c.metric)] = {{"path", pathToJson(c.path)},
                                              {"length", c.length},
                                              {"length_under_main_metric", c.lengthUnderMain},
                                              {"refined_length_under_main_metric",
                                               c.refinedLengthUnderMain}};
  return out;
}

nlohmann::json sceneJson(SyntheticScene& scene, const SyntheticSceneOptions& options) {
  nlohmann::json out = {{"manifold", scene.manifold().name()},
                        {"score", scene.score()->name()},
                        {"metric", scene.metric(options.metric).name()},
                        {"sigma", options.score.sigma},
                        {"refinement", options.refinement}};
  putMetricParameters(out, options.metric);
  return out;
}

}  // namespace geodex
