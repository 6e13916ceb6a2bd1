#pragma once
// The paths drawn over a manifold: the geodesic (a thick tube), the straight line, SLERP, the
// extrapolation past the second end, other metrics' geodesics for comparison, the endpoints,
// and a legend naming what is shown. GUI thread only.
#include <vtkNew.h>
#include <Eigen/Core>
#include <QString>
#include <QStringList>
#include <array>

class vtkActor;
class vtkLegendBoxActor;
class vtkPolyData;
class vtkRenderer;
class vtkSphereSource;
class vtkTubeFilter;

namespace geodex {

class GeodesicLayer {
 public:
  // The other metrics' geodesics take the comparison slots in the registry's order
  // (comparison(k)); a test keeps kComparisons at least the registry's metrics minus one.
  static constexpr int kComparisons = 6;
  enum Path { Geodesic, Straight, Slerp, Extrapolation, CompareA, PathCount = CompareA + kComparisons };
  static Path comparison(int k) { return Path(CompareA + k); }
  // RGB 0–255 per path; tests look for these colours.
  static constexpr unsigned char kColours[PathCount][3] = {
      {60, 230, 90},    // geodesic: green
      {235, 60, 60},    // straight line: red
      {80, 150, 255},   // SLERP: blue
      {170, 255, 170},  // extrapolation: pale green
      {250, 220, 40},   // comparison A: yellow
      {240, 80, 240},   // comparison B: magenta
      {80, 235, 235},   // comparison C: cyan
      {255, 150, 40},   // comparison D: orange
      {150, 110, 255},  // comparison E: violet
      {255, 140, 170},  // comparison F: pink
  };
  static constexpr unsigned char kEndpointColour[3] = {255, 255, 255};

  explicit GeodesicLayer(vtkRenderer* renderer);
  ~GeodesicLayer();
  GeodesicLayer(const GeodesicLayer&) = delete;
  GeodesicLayer& operator=(const GeodesicLayer&) = delete;

  // Sets a path [d × n], d = 2 or 3 (2D in the z = 0 plane), with its legend label; an empty
  // matrix hides it.
  void setPath(Path which, const Eigen::MatrixXd& points, const QString& label = {});
  void setEndpoints(const Eigen::Vector3d& from, const Eigen::Vector3d& to);
  void hideAll();
  // World sizes: the geodesic's tube radius (other paths are thinner) and endpoint balls.
  void setScale(double tubeRadius);

  // The polyline of a path before it becomes a tube (what tests compare with the result).
  vtkPolyData* polyline(Path which) const { return lines_[which]; }
  bool isShown(Path which) const;

 private:
  void updateLegend();

  vtkRenderer* renderer_;
  std::array<vtkNew<vtkPolyData>, PathCount> lines_;
  std::array<vtkNew<vtkTubeFilter>, PathCount> tubes_;
  std::array<vtkNew<vtkActor>, PathCount> actors_;
  std::array<QString, PathCount> labels_;
  QStringList legendEntries_;  // as last drawn
  vtkNew<vtkActor> endpoints_;
  vtkNew<vtkPolyData> endpointPoints_;
  vtkNew<vtkSphereSource> endpointBall_;
  vtkNew<vtkLegendBoxActor> legend_;
  double tubeRadius_ = 0.01;
};

}  // namespace geodex
