#pragma once
// JSON of the image interpolation, as `geodex-cli interpolate` writes it. One pair: "methods" is
// one object per path (method, energy, length, seconds, metrics, the geodesic's solver figures,
// LPIPS steps when measured). Many pairs: each pair's methods under "pairs", and per method its
// means over the pairs under "methods". With an Inception, every entry of "methods" gets
// fid_interior_vs_inputs and kid_interior_vs_inputs, and "fid_kid" says how they were computed.
#include <nlohmann/json.hpp>
#include <vector>

#include "core/pipelines/image_pair_evaluation.h"

namespace geodex {

// method, energy, length, seconds, metrics; solver (geodesic); lpips_steps and
// lpips_path_length when `lpipsSteps` is not empty.
nlohmann::json toJson(const ImageInterpolationPath& path,
                      const std::vector<double>& lpipsSteps = {});
// t, alpha_bar, unet_evaluations_ddim, seconds, methods and, for `manyPairs`, pairs; fid_kid.
nlohmann::json toJson(const ImagePairEvaluationResult& result, bool manyPairs);

}  // namespace geodex
