#pragma once
// What the explorer's UI tests share: waiting for a drawn result, the view's pixels, and a drawn
// polyline's points.
#include <vtkPolyData.h>

#include <Eigen/Core>
#include <QImage>

#include "ui/common/vtk_open_gl_widget.h"
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

// Shows the window or page (at `size` when given) and waits for its first drawn result.
template <class Shown>
bool showWithResult(Shown& shown, QSize size = {}) {
  return showOnScreen(shown, size) && waitForResult(shown);
}

// The VTK view's part of a window grab, as RGB32.
inline QImage grabView(MainWindow& window) {
  const QImage grab = window.grab().toImage();
  const qreal ratio = grab.devicePixelRatio();
  VtkOpenGlWidget* view = window.explorer()->view();
  const QRect rect(view->mapTo(&window, QPoint(0, 0)), view->size());
  return grab.copy(QRect(rect.topLeft() * ratio, rect.size() * ratio))
      .convertToFormat(QImage::Format_RGB32);
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
