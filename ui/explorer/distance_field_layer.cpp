#include "ui/explorer/distance_field_layer.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkColorTransferFunction.h>
#include <vtkContourFilter.h>
#include <vtkDoubleArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/geometry/geodesic_distance_field.h"
#include "ui/common/actor_style.h"
#include "ui/common/point_conversions.h"

namespace geodex {

namespace {

// Viridis at five stops.
constexpr unsigned char kStops[5][3] = {
    {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

// Below the curve, the paths and the fan in 2D (they lie at z = 0).
constexpr double kPlaneDepth = -0.02;

// A surface grid moved a little inwards along its normals: the fan's rays and circles, which
// lie on the smooth surface, stay visible above the grid's flat cells (chords lie inside it).
// Normals from the grid's u and v differences, signed to point away from the nodes' centroid on
// the whole (one continuous orientation); where they vanish (the sphere's poles) the direction
// from the centroid.
Eigen::Matrix3Xd sunkenSurface(const DistanceGrid& grid) {
  const Eigen::Matrix3Xd nodes = grid.nodes;
  const Eigen::Vector3d centre = nodes.rowwise().mean();
  const double depth =
      0.006 * (nodes.rowwise().maxCoeff() - nodes.rowwise().minCoeff()).norm();
  const auto at = [&](int i, int j) {
    i = grid.closedInV ? (i + grid.rows) % grid.rows : std::clamp(i, 0, grid.rows - 1);
    j = grid.closedInU ? (j + grid.cols) % grid.cols : std::clamp(j, 0, grid.cols - 1);
    return Eigen::Vector3d(nodes.col(Eigen::Index(i) * grid.cols + j));
  };
  Eigen::Matrix3Xd normals(3, nodes.cols());
  double outward = 0.0;
  for (int i = 0; i < grid.rows; ++i)
    for (int j = 0; j < grid.cols; ++j) {
      const Eigen::Vector3d n = (at(i, j + 1) - at(i, j - 1)).cross(at(i + 1, j) - at(i - 1, j));
      const Eigen::Vector3d away = at(i, j) - centre;
      normals.col(Eigen::Index(i) * grid.cols + j) =
          n.norm() > 1e-12 ? Eigen::Vector3d(n.normalized()) : Eigen::Vector3d::Zero();
      outward += n.dot(away) > 0 ? 1.0 : -1.0;
    }
  if (outward < 0) normals = -normals;
  Eigen::Matrix3Xd out = nodes;
  for (Eigen::Index k = 0; k < nodes.cols(); ++k) {
    Eigen::Vector3d n = normals.col(k);
    if (n.isZero()) n = (nodes.col(k) - centre).normalized();
    out.col(k) -= depth * n;
  }
  return out;
}

}  // namespace

DistanceFieldLayer::DistanceFieldLayer(vtkRenderer* renderer)
    : props_(renderer, {surfaceActor_, lineActor_, colourBar_}) {
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(surface_);
  colourByPointScalars(mapper, colours_);
  mapper->UseLookupTableScalarRangeOn();
  mapper->InterpolateScalarsBeforeMappingOn();  // smooth colours across the cells
  // In front of the manifold's translucent surface it lies on (3D).
  mapper->SetRelativeCoincidentTopologyPolygonOffsetParameters(-1.5, -1.5);
  surfaceActor_->SetMapper(mapper);
  setShading(surfaceActor_, 0.6, 0.5);
  surfaceActor_->VisibilityOff();

  contours_->SetInputData(surface_);
  vtkNew<vtkPolyDataMapper> lineMapper;
  lineMapper->SetInputConnection(contours_->GetOutputPort());
  lineMapper->ScalarVisibilityOff();
  lineMapper->SetRelativeCoincidentTopologyLineOffsetParameters(-3, -3);
  lineActor_->SetMapper(lineMapper);
  lineActor_->GetProperty()->SetColor(0.02, 0.02, 0.02);
  lineActor_->GetProperty()->SetLineWidth(1.5);
  lineActor_->GetProperty()->LightingOff();
  lineActor_->VisibilityOff();

  colourBar_->SetLookupTable(colours_);
  colourBar_->SetTitle("distance");
  colourBar_->SetNumberOfLabels(5);
  colourBar_->SetWidth(0.07);
  colourBar_->SetHeight(0.4);
  colourBar_->SetPosition(0.91, 0.45);  // above the metric field's bar
  colourBar_->GetTitleTextProperty()->SetFontSize(12);
  colourBar_->GetTitleTextProperty()->SetColor(0.9, 0.9, 0.9);
  colourBar_->GetLabelTextProperty()->SetColor(0.9, 0.9, 0.9);
  colourBar_->GetTitleTextProperty()->ItalicOff();
  colourBar_->GetLabelTextProperty()->ItalicOff();
  colourBar_->UnconstrainedFontSizeOn();
  colourBar_->GetLabelTextProperty()->SetFontSize(11);
  colourBar_->VisibilityOff();
}

DistanceFieldLayer::~DistanceFieldLayer() = default;

void DistanceFieldLayer::setField(const GeodesicDistanceFieldResult& field) {
  const DistanceGrid& grid = field.grid;
  const int rows = grid.rows, cols = grid.cols;
  vtkNew<vtkPoints> points;
  vtkNew<vtkDoubleArray> values;
  values->SetName("distance");
  // The colour bar's top: the largest distance on the data (the curve's nodes in 2D, the whole
  // surface in 3D) before the first gap in them — the other moon, across a gap the metric makes
  // expensive, lies 30 times further than the far end of the near one, and would leave the near
  // one a single colour. Past the top (and unreachable) nodes take the top's colour.
  const Eigen::Index gridNodes = grid.gridNodeCount();
  std::vector<double> onData;
  for (Eigen::Index k = grid.curve.cols() > 0 ? gridNodes : 0; k < field.distance.size(); ++k)
    if (std::isfinite(field.distance[k])) onData.push_back(field.distance[k]);
  std::sort(onData.begin(), onData.end());
  double top = onData.empty() ? 0.0 : onData.back();
  clipped_ = false;
  for (std::size_t k = onData.size() / 10; k + 1 < onData.size(); ++k)
    if (onData[k] > 0.0 && onData[k + 1] > 2.0 * onData[k]) {
      top = 1.5 * onData[k];  // a little beyond the near data: the climb off it shows
      clipped_ = true;
      break;
    }
  colourTop_ = top > 0.0 ? top : 1.0;
  const bool plane = grid.nodes.rows() == 2;
  const Eigen::Matrix3Xd sunk = plane ? Eigen::Matrix3Xd() : sunkenSurface(grid);
  for (Eigen::Index k = 0; k < gridNodes; ++k) {
    Eigen::Vector3d p = plane ? liftTo3D(grid.nodes.col(k)) : Eigen::Vector3d(sunk.col(k));
    if (plane) p.z() = kPlaneDepth;
    points->InsertNextPoint(p.data());
    const double d = field.distance[k];
    values->InsertNextValue(std::isfinite(d) ? std::min(d, colourTop_) : colourTop_);
  }
  vtkNew<vtkCellArray> cells;
  const int cellRows = grid.closedInV ? rows : rows - 1,
            cellCols = grid.closedInU ? cols : cols - 1;
  for (int i = 0; i < cellRows; ++i)
    for (int j = 0; j < cellCols; ++j) {
      const vtkIdType a = vtkIdType(i) * cols + j, b = vtkIdType(i) * cols + (j + 1) % cols;
      const vtkIdType c = vtkIdType((i + 1) % rows) * cols + (j + 1) % cols,
                      d = vtkIdType((i + 1) % rows) * cols + j;
      const vtkIdType quad[4] = {a, b, c, d};
      cells->InsertNextCell(4, quad);
    }
  surface_->SetPoints(points);
  surface_->SetPolys(cells);
  surface_->GetPointData()->SetScalars(values);
  surface_->Modified();

  colours_->RemoveAllPoints();
  for (int s = 0; s < 5; ++s)
    colours_->AddRGBPoint(colourTop_ * s / 4.0, kStops[s][0] / 255.0, kStops[s][1] / 255.0,
                          kStops[s][2] / 255.0);
  colours_->ClampingOn();
  // Iso-lines strictly inside the bar: its top is the saturated far field.
  contours_->SetNumberOfContours(kIsoLines);
  for (int k = 0; k < kIsoLines; ++k)
    contours_->SetValue(k, colourTop_ * (k + 1) / (kIsoLines + 1));
  contours_->Modified();
  props_.setHasContent(true);
}

vtkPolyData* DistanceFieldLayer::isoLines() const {
  contours_->Update();
  return contours_->GetOutput();
}

void DistanceFieldLayer::setVisible(bool visible) { props_.setVisible(visible); }

bool DistanceFieldLayer::isVisible() const { return props_.isVisible(); }

void DistanceFieldLayer::clear() {
  surface_->Initialize();
  props_.setHasContent(false);
}

}  // namespace geodex
