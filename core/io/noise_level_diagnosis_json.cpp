#include "core/io/noise_level_diagnosis_json.h"

#include <vector>

namespace geodex {

namespace {
std::vector<double> values(const Eigen::VectorXd& v) {
  return {v.data(), v.data() + v.size()};
}
}  // namespace

nlohmann::json toJson(const NoiseLevelDiagnosis& d) {
  nlohmann::json rows = nlohmann::json::array();
  for (const NoiseLevelRow& r : d.rows)
    rows.push_back({{"sigma", r.sigma},
                    {"mean_normal_angle_degrees", r.meanNormalAngleDegrees},
                    {"tangential_fraction", r.tangentialFraction},
                    {"mean_anisotropy", r.meanAnisotropy},
                    {"max_distance", r.maxDistance},
                    {"mean_distance", r.meanDistance},
                    {"path_length", r.pathLength},
                    {"length_error", r.lengthError},
                    {"converged", r.converged},
                    {"used_samples", r.usedSamples}});
  return {{"manifold", d.manifold},
          {"score", d.score},
          {"lambda", d.lambda},
          {"from", values(d.from)},
          {"to", values(d.to)},
          {"reference_length", d.referenceLength},
          {"reference_method", d.referenceMethod},
          {"rows", rows},
          {"seconds", d.seconds}};
}

nlohmann::json toJson(const DigitNoiseLevelDiagnosis& d) {
  nlohmann::json rows = nlohmann::json::array();
  for (const DigitNoiseLevelRow& r : d.rows)
    rows.push_back({{"t", r.t},
                    {"tangent_fraction", r.tangentFraction},
                    {"normal_angle_degrees", r.normalAngleDegrees},
                    {"denoising_cosine", r.denoisingCosine},
                    {"mean_anisotropy", r.meanAnisotropy}});
  return {{"model", d.model},
          {"digits", d.digits},
          {"dimension", d.dimension},
          {"random_tangent_fraction", d.randomTangentFraction},
          {"paper_t", DigitNoiseLevelDiagnosisOptions::kPaperTimestep},
          {"rows", rows},
          {"seconds", d.seconds}};
}

}  // namespace geodex
