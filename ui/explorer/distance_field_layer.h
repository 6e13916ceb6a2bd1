#pragma once
// Draws a GeodesicDistanceFieldResult: the grid as a surface coloured by distance (dark violet
// at the source through blue and green to yellow at the colour bar's top, which is the largest
// distance on the data: further nodes, far off the data under a metric that makes leaving it
// expensive, stay yellow), black iso-lines at ten evenly spaced levels and a colour bar. Data far
// beyond a gap in its distances (the other moon) is left out of the bar: see setField.
// 2D fields lie just below the z = 0 plane of the curve; surface fields on the manifold's
// surface. GUI thread only.
#include <vtkNew.h>

#include "ui/explorer/layer_props.h"

class vtkActor;
class vtkColorTransferFunction;
class vtkContourFilter;
class vtkPolyData;
class vtkRenderer;
class vtkScalarBarActor;

namespace geodex {

struct GeodesicDistanceFieldResult;

class DistanceFieldLayer {
 public:
  static constexpr int kIsoLines = 10;
  // The colour map's ends, RGB 0–255 (viridis); tests look for them.
  static constexpr unsigned char kNearColour[3] = {68, 1, 84};
  static constexpr unsigned char kFarColour[3] = {253, 231, 37};

  explicit DistanceFieldLayer(vtkRenderer* renderer);
  ~DistanceFieldLayer();
  DistanceFieldLayer(const DistanceFieldLayer&) = delete;
  DistanceFieldLayer& operator=(const DistanceFieldLayer&) = delete;

  void setField(const GeodesicDistanceFieldResult& field);
  void setVisible(bool visible);
  bool isVisible() const;
  void clear();

  // The distance the colour bar ends at (the largest on the data).
  double colourTop() const { return colourTop_; }
  // Whether the top is below the largest distance on the data (a gap in the data's distances).
  bool clipped() const { return clipped_; }
  vtkPolyData* surface() const { return surface_; }
  vtkPolyData* isoLines() const;

 private:
  vtkNew<vtkPolyData> surface_;
  vtkNew<vtkColorTransferFunction> colours_;
  vtkNew<vtkContourFilter> contours_;
  vtkNew<vtkActor> surfaceActor_;
  vtkNew<vtkActor> lineActor_;
  vtkNew<vtkScalarBarActor> colourBar_;
  LayerProps props_;  // after the props it holds
  double colourTop_ = 1.0;
  bool clipped_ = false;
};

}  // namespace geodex
