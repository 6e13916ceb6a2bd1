#include "core/io/exponential_fan_json.h"

#include "core/io/result_json.h"

namespace geodex {

nlohmann::json toJson(const ExponentialFanResult& r) {
  nlohmann::json rays = nlohmann::json::array();
  for (std::size_t k = 0; k < r.rays.size(); ++k)
    rays.push_back({{"path", pathToJson(r.rays[k])},
                    {"reached_length", r.reachedLength[k]},
                    {"stop_reason", r.stopReasons[k]}});
  nlohmann::json fronts = nlohmann::json::array();
  for (std::size_t j = 0; j < r.wavefronts.size(); ++j)
    fronts.push_back({{"radius", r.radii[j]},
                      {"path", pathToJson(r.wavefronts[j])},
                      {"closed", r.wavefronts[j].cols() == Eigen::Index(r.rays.size()) + 1}});
  return {{"origin", std::vector<double>(r.origin.data(), r.origin.data() + r.origin.size())},
          {"rays", rays},
          {"wavefronts", fronts},
          {"max_speed_drift", r.maxSpeedDrift},
          {"steps", r.steps},
          {"score_evaluations", r.scoreEvaluations},
          {"seconds", r.seconds}};
}

}  // namespace geodex
