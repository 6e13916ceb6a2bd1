#pragma once
// How the Images mode names the interpolation methods and shows their numbers.
#include <QString>

#include "core/pipelines/image_interpolation.h"

namespace geodex {

// The methods in the order of the panel's check boxes and of the strips.
inline constexpr InterpolationMethod kStripMethods[4] = {
    InterpolationMethod::Geodesic, InterpolationMethod::Lerp, InterpolationMethod::Slerp,
    InterpolationMethod::NoiseDiffusion};

// "geodesic", "LERP", "SLERP", "NoiseDiffusion".
QString labelOf(InterpolationMethod method);

// Every path's numbers (latent length, step CV, max/mean, mean SSIM, mean BRISQUE) as a rich-text
// table, with what the less common columns mean.
QString interpolationTable(const ImageInterpolationResult& result);

}  // namespace geodex
