#pragma once
// Draws a MetricField: the unit ball of g at each centre as a tensor glyph (ellipsoid in 3D, flat
// ellipse in 2D) coloured by log det g with a colour bar, and optionally the score as arrows.
// Semi-axis lengths are drawn on a log scale so that they read at any λ (see displayAxes).
// GUI thread only.
#include <vtkNew.h>

class vtkActor;
class vtkLookupTable;
class vtkPolyData;
class vtkRenderer;
class vtkScalarBarActor;

namespace geodex {

struct MetricField;

class MetricFieldLayer {
 public:
  // Colour map of log det g: from cyan (g ≈ I) to violet (strongly stretched).
  static constexpr double kHueRange[2] = {0.5, 0.78};

  explicit MetricFieldLayer(vtkRenderer* renderer);
  ~MetricFieldLayer();
  MetricFieldLayer(const MetricFieldLayer&) = delete;
  MetricFieldLayer& operator=(const MetricFieldLayer&) = delete;

  void setField(const MetricField& field);
  void setVisible(bool ellipsoids, bool arrows);
  void clear();
  int glyphCount() const;

 private:
  vtkRenderer* renderer_;
  vtkNew<vtkPolyData> centres_;
  vtkNew<vtkActor> ellipsoids_;
  vtkNew<vtkActor> arrows_;
  vtkNew<vtkLookupTable> colours_;
  vtkNew<vtkScalarBarActor> colourBar_;
  bool showEllipsoids_ = true;
  bool showArrows_ = false;
};

}  // namespace geodex
