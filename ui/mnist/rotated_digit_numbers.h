#pragma once
// How the Rotated MNIST mode names its methods and shows a result's numbers (the panel's table
// and status line).
#include <QString>
#include <string>

#include "core/pipelines/rotated_digit_geodesic.h"

namespace geodex {

// How the strip, the view and the table name a method: which metric from which start
// ("pullback-graph" → "pullback metric, graph start").
QString methodLabel(const std::string& method);
// One row per measured path (MSE, SSIM, angle error, max/mean step, lengths), short names so
// that it fits the panel, the solves' costs below it: rich text.
QString rotatedDigitTable(const RotatedDigitGeodesicResult& result);
// "Done in … s (score): … iterations, …" and what the table's columns mean.
QString rotatedDigitSummary(const RotatedDigitGeodesicResult& result);

}  // namespace geodex
