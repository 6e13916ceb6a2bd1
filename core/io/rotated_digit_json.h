#pragma once
// JSON of the Rotated MNIST experiment, as `geodex-cli mnist-geodesic` writes it: the options
// that shaped it (angles, points, λ, perturbed, denoised, the score and its model), the solver's
// figures and, under "methods", one object per method (recovered angles, MSE, SSIM, lengths,
// energy, image steps).
#include <nlohmann/json.hpp>

#include "core/pipelines/rotated_digit_geodesic.h"

namespace geodex {

nlohmann::json toJson(const RotatedDigitMethodResult& method);
nlohmann::json toJson(const RotatedDigitGeodesicResult& result,
                      const RotatedDigitGeodesicOptions& options);

}  // namespace geodex
