#pragma once
// What the explorer's UI tests share: waiting for a drawn result, and a drawn polyline's points.
#include <vtkPolyData.h>

#include <Eigen/Core>

#include "ui/explorer/explorer_page.h"
#include "ui/main_window.h"
#include "ui_test_support.h"

namespace geodex::test {

inline constexpr int kSolveTimeoutMs = 60000;

// Waits until the explorer has drawn a finished result (or fails the calling test).
inline bool waitForResult(ExplorerPage& explorer) {
  return waitUntilIdle(explorer, kSolveTimeoutMs) && explorer.lastResult().has_value();
}
inline bool waitForResult(MainWindow& window) {
  return waitForResult(*window.explorer());
}

inline Eigen::MatrixXd polylinePoints(vtkPolyData* line, int dimension) {
  Eigen::MatrixXd out(dimension, line->GetNumberOfPoints());
  for (vtkIdType j = 0; j < line->GetNumberOfPoints(); ++j) {
    double p[3];
    line->GetPoint(j, p);
    for (int i = 0; i < dimension; ++i) out(i, j) = p[i];
  }
  return out;
}

}  // namespace geodex::test
