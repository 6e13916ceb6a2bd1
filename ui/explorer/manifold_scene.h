#pragma once
// The VTK actors that show a synthetic manifold in a renderer: its surface (or curve) and the
// sample points drawn from it. GUI thread only. Later layers (geodesic tubes, metric ellipsoids)
// add their own actors to the same renderer.
#include <vtkNew.h>
#include <Eigen/Core>

class vtkActor;
class vtkRenderer;

namespace geodex {

class SyntheticManifold;

class ManifoldScene {
 public:
  // Colours as RGB 0–255; the tests look for them in the rendered picture.
  static constexpr unsigned char kSampleColour[3] = {255, 140, 0};     // saturated orange
  static constexpr unsigned char kSurfaceColour[3] = {205, 210, 218};  // light grey, translucent
  static constexpr double kSurfaceOpacity = 0.45;

  // Adds (hidden) actors to `renderer`, which must outlive the scene, and sets its background.
  explicit ManifoldScene(vtkRenderer* renderer);
  ~ManifoldScene();
  ManifoldScene(const ManifoldScene&) = delete;
  ManifoldScene& operator=(const ManifoldScene&) = delete;

  // Shows the manifold: a translucent surface for 2-manifolds, a line for curves (drawn from
  // its parameter grid; 2D manifolds lie in the z = 0 plane).
  void setManifold(const SyntheticManifold& manifold);
  // Hides the surface (or curve) while another layer covers it (the distance field on a
  // surface), shows it again after.
  void setSurfaceVisible(bool visible);
  // Shows points [d × n], d = 2 or 3, as small spheres of kSampleColour; n = 0 hides them.
  void setSamples(const Eigen::MatrixXd& points);
  // Fits everything shown into the viewport: an oblique view in 3D, or looking straight down
  // the z axis (parallel projection) for 2D manifolds.
  void resetCamera(bool topDown = false);

 private:
  vtkRenderer* renderer_;
  vtkNew<vtkActor> surface_;
  vtkNew<vtkActor> samples_;
  bool surfaceVisible_ = true;
  bool hasManifold_ = false;
};

}  // namespace geodex
