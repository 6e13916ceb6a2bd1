#include "ui/explorer/metric_field_layer.h"

#include <vtkActor.h>
#include <vtkArrowSource.h>
#include <vtkDoubleArray.h>
#include <vtkGlyph3D.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSphereSource.h>
#include <vtkTensorGlyph.h>
#include <vtkTextProperty.h>
#include <algorithm>
#include <cmath>

#include "core/pipelines/metric_field.h"
#include "ui/common/actor_style.h"

namespace geodex {

namespace {
// Arrow length relative to the glyph scale.
constexpr double kArrowLength = 1.6;

// The unit ball's semi-axes r = 1/√μ (μ an eigenvalue of g) span orders of magnitude at the
// paper's λ (1/√(1+λ‖s‖²) reaches 1e-3): drawn as they are, they are invisible needles. Each
// semi-axis is drawn with length 1/(1 − ln r) = 1/(1 + ½ ln μ) instead: 1 where g = I, shorter
// monotonically as g stretches, never vanishing. The colour shows the true log det g.
Eigen::Matrix3d displayAxes(const Eigen::Matrix3d& axes) {
  Eigen::Matrix3d out = axes;
  for (int j = 0; j < 3; ++j) {
    const double r = axes.col(j).norm();
    if (r > 0) out.col(j) *= 1.0 / (1.0 - std::log(std::min(r, 1.0))) / r;
  }
  return out;
}
}  // namespace

MetricFieldLayer::MetricFieldLayer(vtkRenderer* renderer) : renderer_(renderer) {
  colours_->SetHueRange(kHueRange[0], kHueRange[1]);
  colours_->SetSaturationRange(0.85, 0.85);
  colours_->SetValueRange(0.95, 0.95);
  colours_->Build();

  vtkNew<vtkSphereSource> ball;
  ball->SetThetaResolution(8);
  ball->SetPhiResolution(6);
  vtkNew<vtkTensorGlyph> glyphs;
  glyphs->SetInputData(centres_);
  glyphs->SetSourceConnection(ball->GetOutputPort());
  // The tensor's columns are the semi-axes themselves (see MetricField::axes).
  glyphs->ExtractEigenvaluesOff();
  glyphs->ColorGlyphsOn();
  glyphs->SetColorModeToScalars();
  glyphs->ClampScalingOff();
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(glyphs->GetOutputPort());
  colourByPointScalars(mapper, colours_);
  ellipsoids_->SetMapper(mapper);
  setShading(ellipsoids_, 0.35, 0.75);
  ellipsoids_->VisibilityOff();
  renderer_->AddActor(ellipsoids_);

  vtkNew<vtkArrowSource> arrow;
  vtkNew<vtkGlyph3D> arrowGlyphs;
  arrowGlyphs->SetInputData(centres_);
  arrowGlyphs->SetSourceConnection(arrow->GetOutputPort());
  arrowGlyphs->SetVectorModeToUseVector();
  arrowGlyphs->SetScaleModeToScaleByVector();  // the vectors carry the drawn length
  arrowGlyphs->SetScaleFactor(1.0);
  arrowGlyphs->OrientOn();
  vtkNew<vtkPolyDataMapper> arrowMapper;
  arrowMapper->SetInputConnection(arrowGlyphs->GetOutputPort());
  arrowMapper->ScalarVisibilityOff();
  arrows_->SetMapper(arrowMapper);
  arrows_->GetProperty()->SetColor(0.93, 0.93, 0.93);
  arrows_->VisibilityOff();
  renderer_->AddActor(arrows_);

  colourBar_->SetLookupTable(colours_);
  colourBar_->SetTitle("log det g");
  colourBar_->SetNumberOfLabels(3);
  colourBar_->SetWidth(0.07);
  colourBar_->SetHeight(0.35);
  colourBar_->SetPosition(0.91, 0.05);
  colourBar_->GetTitleTextProperty()->SetFontSize(12);
  colourBar_->GetTitleTextProperty()->SetColor(0.9, 0.9, 0.9);
  colourBar_->GetLabelTextProperty()->SetColor(0.9, 0.9, 0.9);
  colourBar_->UnconstrainedFontSizeOn();
  colourBar_->GetLabelTextProperty()->SetFontSize(11);
  colourBar_->VisibilityOff();
  renderer_->AddActor2D(colourBar_);
}

MetricFieldLayer::~MetricFieldLayer() {
  renderer_->RemoveActor(ellipsoids_);
  renderer_->RemoveActor(arrows_);
  renderer_->RemoveActor2D(colourBar_);
}

void MetricFieldLayer::setField(const MetricField& field) {
  const vtkIdType n = field.centres.cols();
  vtkNew<vtkPoints> points;
  points->SetNumberOfPoints(n);
  vtkNew<vtkDoubleArray> tensors;
  tensors->SetNumberOfComponents(9);
  tensors->SetNumberOfTuples(n);
  tensors->SetName("unit ball");
  vtkNew<vtkDoubleArray> logDet;
  logDet->SetNumberOfTuples(n);
  logDet->SetName("log det g");
  vtkNew<vtkDoubleArray> directions;
  directions->SetNumberOfComponents(3);
  directions->SetNumberOfTuples(n);
  directions->SetName("score direction");
  for (vtkIdType k = 0; k < n; ++k) {
    points->SetPoint(k, field.centres.col(k).data());
    // Column-major, as vtkTensorGlyph reads it: tensor[i + 3j] = axes(i, j).
    const Eigen::Matrix3d axes = displayAxes(field.axes[k]) * field.glyphScale;
    tensors->SetTuple(k, axes.data());
    logDet->SetValue(k, field.logDeterminant[k]);
    const double norm = field.scores.col(k).norm();
    const Eigen::Vector3d direction =
        norm > 0 ? Eigen::Vector3d(field.scores.col(k) / norm * field.glyphScale * kArrowLength)
                 : Eigen::Vector3d::Zero();
    directions->SetTuple(k, direction.data());
  }
  centres_->Initialize();
  centres_->SetPoints(points);
  centres_->GetPointData()->SetTensors(tensors);
  centres_->GetPointData()->SetScalars(logDet);
  centres_->GetPointData()->SetVectors(directions);
  centres_->Modified();

  double low = n > 0 ? field.logDeterminant.minCoeff() : 0.0;
  double high = n > 0 ? field.logDeterminant.maxCoeff() : 1.0;
  if (high - low < 1e-9) high = low + 1.0;  // Euclidean: one colour, a valid range
  colours_->SetTableRange(low, high);
  ellipsoids_->GetMapper()->SetScalarRange(low, high);
  setVisible(showEllipsoids_, showArrows_);
}

void MetricFieldLayer::setVisible(bool ellipsoids, bool arrows) {
  showEllipsoids_ = ellipsoids;
  showArrows_ = arrows;
  const bool any = centres_->GetNumberOfPoints() > 0;
  ellipsoids_->SetVisibility(any && ellipsoids);
  colourBar_->SetVisibility(any && ellipsoids);
  arrows_->SetVisibility(any && arrows);
}

void MetricFieldLayer::clear() {
  centres_->Initialize();
  centres_->Modified();
  setVisible(showEllipsoids_, showArrows_);
}

int MetricFieldLayer::glyphCount() const {
  return int(centres_->GetNumberOfPoints());
}

}  // namespace geodex
