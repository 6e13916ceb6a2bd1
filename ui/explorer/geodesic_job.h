#pragma once
// What the explorer asks its worker thread for and what comes back: plain values, copied
// across threads through queued signals (DESIGN.md §2 rule 5).
#include <Eigen/Core>
#include <QMetaType>
#include <QString>
#include <atomic>
#include <memory>
#include <vector>

#include "core/geometry/geodesic_types.h"
#include "ui/explorer/explorer_settings.h"

namespace geodex {

struct GeodesicJobRequest {
  int id = 0;
  ExplorerSettings settings;
  // Set from the GUI thread to stop the job at the solver's next iteration.
  std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
};

// The metric drawn over the scene: unit balls of g (ellipsoids) and the score, at `centres`.
struct MetricField {
  Eigen::Matrix3Xd centres;               // [3 × n]; 2D manifolds have z = 0
  std::vector<Eigen::Matrix3d> axes;      // semi-axes of the unit ball of g, as columns
  Eigen::VectorXd logDeterminant;         // log det g [n]
  Eigen::Matrix3Xd scores;                // s [3 × n] (zero for the Euclidean metric)
  double glyphScale = 0.1;                // world size that makes neighbouring glyphs not overlap
};

// Another metric's geodesic between the same ends, for the side-by-side comparison.
struct ComparisonPath {
  QString metric;        // "euclidean" | "score" | "conformal"
  Eigen::MatrixXd path;  // [d × points]
  double length = 0.0;   // under that path's own metric
  double lengthUnderMain = 0.0;  // under the job's main metric (comparable across paths)
};

struct GeodesicJobResult {
  int id = 0;
  ExplorerSettings settings;
  GeodesicResult geodesic;
  Eigen::MatrixXd straightPath;  // LERP [d × points]
  double straightLength = 0.0;   // under the main metric
  double straightEnergy = 0.0;
  Eigen::MatrixXd slerpPath;     // empty unless settings.showSlerp
  double slerpLength = 0.0;
  Eigen::MatrixXd extrapolation;  // the shot continuation past `to`; empty when off
  double extrapolationLength = 0.0;
  std::vector<ComparisonPath> comparisons;  // empty unless settings.compareMetrics
  double totalSeconds = 0.0;
};

}  // namespace geodex

Q_DECLARE_METATYPE(geodex::GeodesicJobRequest)
Q_DECLARE_METATYPE(geodex::GeodesicJobResult)
Q_DECLARE_METATYPE(geodex::MetricField)
Q_DECLARE_METATYPE(Eigen::MatrixXd)
