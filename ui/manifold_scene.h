#pragma once
// The VTK actors that show a synthetic manifold: its surface or curve, sample points, and
// paths (a geodesic as a tube, the straight line as a thin line). Owned by a view; touched only
// on the GUI thread.
#include <Eigen/Dense>
#include <vtkActor.h>
#include <vtkNew.h>

#include "core/data/synthetic_manifold.h"

class vtkRenderer;

namespace geodex {

class ManifoldScene {
 public:
  // Colours the tests look for (RGB 0–255).
  static constexpr unsigned char kSampleColour[3] = {255, 140, 0};     // orange points
  static constexpr unsigned char kGeodesicColour[3] = {220, 30, 60};   // crimson tube
  static constexpr unsigned char kStraightColour[3] = {90, 200, 255};  // light blue line
  static constexpr double kBackground[3] = {0.08, 0.09, 0.12};

  explicit ManifoldScene(vtkRenderer* renderer);

  // Shows the manifold (surface or curve) and `samples` [d × n] (d = 2 or 3).
  void setManifold(const SyntheticManifold& manifold, const Eigen::MatrixXd& samples);
  // Paths [d × points]; an empty matrix hides the path.
  void setGeodesic(const Eigen::MatrixXd& path);
  void setStraightLine(const Eigen::MatrixXd& path);
  void resetCamera();

 private:
  vtkRenderer* renderer_;
  vtkNew<vtkActor> surface_;
  vtkNew<vtkActor> samples_;
  vtkNew<vtkActor> geodesic_;
  vtkNew<vtkActor> straight_;
  double sampleRadius_ = 0.02;
};

}  // namespace geodex
