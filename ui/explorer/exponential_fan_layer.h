#pragma once
// Draws an ExponentialFanResult: the K geodesic rays (pink lines) and the geodesic circles where
// they have all gone the same metric length (white lines), with a caption naming what is shown
// (under the Euclidean metric the circles are round; a metric that penalises leaving the data
// bends the rays along it and squeezes the circles). GUI thread only.
#include <vtkNew.h>
#include <QString>
#include <QStringList>

#include "ui/explorer/layer_props.h"

class vtkActor;
class vtkPolyData;
class vtkRenderer;
class vtkTextActor;

namespace geodex {

struct ExponentialFanResult;

class ExponentialFanLayer {
 public:
  // RGB 0–255; tests look for these colours.
  static constexpr unsigned char kRayColour[3] = {255, 90, 190};         // pink
  static constexpr unsigned char kWavefrontColour[3] = {245, 245, 245};  // white

  explicit ExponentialFanLayer(vtkRenderer* renderer);
  ~ExponentialFanLayer();
  ExponentialFanLayer(const ExponentialFanLayer&) = delete;
  ExponentialFanLayer& operator=(const ExponentialFanLayer&) = delete;

  // `metricName` goes into the caption ("score", "euclidean", ...).
  void setFan(const ExponentialFanResult& fan, const QString& metricName);
  void setVisible(bool visible);
  bool isVisible() const;
  void clear();

  vtkPolyData* rays() const { return rays_; }
  vtkPolyData* wavefronts() const { return wavefronts_; }
  QString caption() const;

 private:
  vtkNew<vtkPolyData> rays_;
  vtkNew<vtkPolyData> wavefronts_;
  vtkNew<vtkActor> rayActor_;
  vtkNew<vtkActor> wavefrontActor_;
  vtkNew<vtkTextActor> caption_;
  LayerProps props_;  // after the props it holds
};

}  // namespace geodex
