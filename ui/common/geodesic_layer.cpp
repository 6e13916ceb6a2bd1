#include "ui/common/geodesic_layer.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkLegendBoxActor.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>
#include <vtkTextProperty.h>
#include <vtkTubeFilter.h>

#include "ui/common/actor_style.h"
#include "ui/common/point_conversions.h"

namespace geodex {

namespace {

// Tube radius of each path relative to the geodesic's: the geodesic stands out.
constexpr double kRadiusFactor[GeodesicLayer::PathCount] = {1.0, 0.5, 0.5, 0.7, 0.6,
                                                             0.6, 0.6, 0.6, 0.6, 0.6};

void fillPolyline(vtkPolyData* line, const Eigen::MatrixXd& columns) {
  vtkNew<vtkPoints> points;
  fillVtkPoints(points, columns);
  vtkNew<vtkCellArray> cells;
  cells->InsertNextCell(columns.cols());
  for (vtkIdType j = 0; j < columns.cols(); ++j) cells->InsertCellPoint(j);
  line->SetPoints(points);
  line->SetLines(cells);
  line->Modified();
}

}  // namespace

GeodesicLayer::GeodesicLayer(vtkRenderer* renderer) : renderer_(renderer) {
  for (int k = 0; k < PathCount; ++k) {
    vtkTubeFilter* tube = tubes_[k];
    tube->SetInputData(lines_[k]);
    tube->SetNumberOfSides(12);
    tube->CappingOn();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(tube->GetOutputPort());
    actors_[k]->SetMapper(mapper);
    setColour(actors_[k], kColours[k]);
    // Mostly ambient: a path keeps its colour on the unlit side.
    setShading(actors_[k], 0.5, 0.6);
    actors_[k]->GetProperty()->SetSpecular(0.2);
    actors_[k]->VisibilityOff();
    renderer_->AddActor(actors_[k]);
  }
  endpointBall_->SetThetaResolution(20);
  endpointBall_->SetPhiResolution(20);
  drawBallsAt(endpoints_, endpointPoints_, endpointBall_);
  setColour(endpoints_, kEndpointColour);
  endpoints_->GetProperty()->SetAmbient(0.4);
  endpoints_->VisibilityOff();
  renderer_->AddActor(endpoints_);

  legend_->SetNumberOfEntries(0);
  legend_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  legend_->GetPositionCoordinate()->SetValue(0.01, 0.80);
  legend_->GetPosition2Coordinate()->SetValue(0.30, 0.19);
  legend_->BorderOff();
  legend_->UseBackgroundOn();
  legend_->SetBackgroundColor(0.05, 0.06, 0.09);
  legend_->SetBackgroundOpacity(0.7);
  legend_->GetEntryTextProperty()->SetColor(0.92, 0.92, 0.92);
  legend_->VisibilityOff();
  renderer_->AddActor2D(legend_);
  setScale(tubeRadius_);
}

GeodesicLayer::~GeodesicLayer() {
  for (auto& actor : actors_) renderer_->RemoveActor(actor);
  renderer_->RemoveActor(endpoints_);
  renderer_->RemoveActor2D(legend_);
}

void GeodesicLayer::setPath(Path which, const Eigen::MatrixXd& points, const QString& label) {
  labels_[which] = label;
  if (points.cols() < 2) {
    lines_[which]->Initialize();
    actors_[which]->VisibilityOff();
  } else {
    fillPolyline(lines_[which], points);
    actors_[which]->VisibilityOn();
  }
  updateLegend();
}

void GeodesicLayer::setEndpoints(const Eigen::Vector3d& from, const Eigen::Vector3d& to) {
  vtkNew<vtkPoints> points;
  points->InsertNextPoint(from.data());
  points->InsertNextPoint(to.data());
  endpointPoints_->SetPoints(points);
  endpointPoints_->Modified();
  endpoints_->VisibilityOn();
}

void GeodesicLayer::hideAll() {
  for (int k = 0; k < PathCount; ++k) setPath(Path(k), {});
  endpoints_->VisibilityOff();
}

void GeodesicLayer::setScale(double tubeRadius) {
  tubeRadius_ = tubeRadius;
  for (int k = 0; k < PathCount; ++k) tubes_[k]->SetRadius(tubeRadius * kRadiusFactor[k]);
  endpointBall_->SetRadius(tubeRadius * 2.2);
}

bool GeodesicLayer::isShown(Path which) const {
  return actors_[which]->GetVisibility() != 0;
}

void GeodesicLayer::updateLegend() {
  QStringList entries;  // what the legend shows, in order
  std::vector<int> paths;
  for (int k = 0; k < PathCount; ++k)
    if (isShown(Path(k)) && !labels_[k].isEmpty()) {
      entries << labels_[k];
      paths.push_back(k);
    }
  // Every path update during a solve comes here: the legend's text is rasterised again only
  // when what it says changes.
  if (entries == legendEntries_) return;
  legendEntries_ = entries;
  const int shown = int(entries.size());
  legend_->SetNumberOfEntries(shown);
  // A filled swatch, as wide as two lines of text are high, as the symbol of every entry.
  vtkNew<vtkPolyData> swatch;
  vtkNew<vtkPoints> corners;
  for (const auto& [x, y] : {std::pair{0.0, 0.0}, {2.0, 0.0}, {2.0, 1.0}, {0.0, 1.0}})
    corners->InsertNextPoint(x, y, 0.0);
  vtkNew<vtkCellArray> quad;
  const vtkIdType ids[4] = {0, 1, 2, 3};
  quad->InsertNextCell(4, ids);
  swatch->SetPoints(corners);
  swatch->SetPolys(quad);
  for (int entry = 0; entry < shown; ++entry) {
    const int k = paths[entry];
    double colour[3] = {kColours[k][0] / 255.0, kColours[k][1] / 255.0, kColours[k][2] / 255.0};
    // The legend draws the text right against the symbol: the spaces are the gap.
    legend_->SetEntry(entry, swatch, ("  " + entries[entry]).toUtf8().constData(), colour);
  }
  // vtkLegendBoxActor fits its text to the box: the box's size sets the font size.
  legend_->GetPosition2Coordinate()->SetValue(0.26, 0.032 * shown);
  legend_->GetPositionCoordinate()->SetValue(0.01, 0.985 - 0.032 * shown);
  legend_->SetVisibility(shown > 0);
}

}  // namespace geodex
