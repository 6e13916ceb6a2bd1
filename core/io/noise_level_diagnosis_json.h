#pragma once
// JSON of the σ diagnosis, as written by `geodex-cli diagnose --json`: manifold, score, lambda,
// from, to, reference_length, reference_method, seconds and rows [{sigma,
// mean_normal_angle_degrees, tangential_fraction, mean_anisotropy, max_distance, mean_distance,
// path_length, length_error, converged, used_samples}].
#include <nlohmann/json.hpp>

#include "core/pipelines/digit_noise_level_diagnosis.h"
#include "core/pipelines/noise_level_diagnosis.h"

namespace geodex {

nlohmann::json toJson(const NoiseLevelDiagnosis& diagnosis);
// The U-Net's: model, digits, dimension, random_tangent_fraction, paper_t, seconds and
// rows [{t, tangent_fraction, normal_angle_degrees, denoising_cosine, mean_anisotropy}].
nlohmann::json toJson(const DigitNoiseLevelDiagnosis& diagnosis);

}  // namespace geodex
