#include "ui/manifold_scene.h"

#include <vtkCellArray.h>
#include <vtkGlyph3D.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkPolyLine.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>
#include <vtkTubeFilter.h>

namespace geodex {

namespace {

vtkNew<vtkPoints> toPoints(const Eigen::MatrixXd& columns) {
  vtkNew<vtkPoints> points;
  points->SetNumberOfPoints(columns.cols());
  for (Eigen::Index j = 0; j < columns.cols(); ++j)
    points->SetPoint(j, columns(0, j), columns(1, j), columns.rows() > 2 ? columns(2, j) : 0.0);
  return points;
}

vtkNew<vtkPolyData> polyline(const Eigen::MatrixXd& path, bool closed = false) {
  vtkNew<vtkPolyData> data;
  data->SetPoints(toPoints(path));
  vtkNew<vtkCellArray> lines;
  const vtkIdType n = path.cols() + (closed ? 1 : 0);
  lines->InsertNextCell(n);
  for (vtkIdType j = 0; j < n; ++j) lines->InsertCellPoint(j % path.cols());
  data->SetLines(lines);
  return data;
}

void setColour(vtkActor* actor, const unsigned char rgb[3]) {
  actor->GetProperty()->SetColor(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

// Quads over the parameter grid (wrapping where the manifold is closed).
vtkNew<vtkPolyData> gridSurface(const SyntheticManifold& manifold, int rows, int cols) {
  vtkNew<vtkPolyData> data;
  data->SetPoints(toPoints(manifold.parameterGrid(rows, cols)));
  vtkNew<vtkCellArray> quads;
  const int rowEnd = manifold.closedInV() ? rows : rows - 1;
  const int colEnd = manifold.closedInU() ? cols : cols - 1;
  for (int i = 0; i < rowEnd; ++i)
    for (int j = 0; j < colEnd; ++j) {
      const vtkIdType ids[4] = {i * cols + j, i * cols + (j + 1) % cols,
                                ((i + 1) % rows) * cols + (j + 1) % cols, ((i + 1) % rows) * cols + j};
      quads->InsertNextCell(4, ids);
    }
  data->SetPolys(quads);
  return data;
}

}  // namespace

ManifoldScene::ManifoldScene(vtkRenderer* renderer) : renderer_(renderer) {
  renderer_->SetBackground(kBackground[0], kBackground[1], kBackground[2]);
  for (vtkActor* actor : {surface_.Get(), samples_.Get(), geodesic_.Get(), straight_.Get()}) {
    actor->VisibilityOff();
    renderer_->AddActor(actor);
  }
  setColour(samples_, kSampleColour);
  setColour(geodesic_, kGeodesicColour);
  setColour(straight_, kStraightColour);
  straight_->GetProperty()->SetLineWidth(2.0);
  surface_->GetProperty()->SetColor(0.75, 0.78, 0.82);
  surface_->GetProperty()->SetOpacity(0.35);
  surface_->PickableOff();  // clicks pick sample points and the surface through them
}

void ManifoldScene::setManifold(const SyntheticManifold& manifold, const Eigen::MatrixXd& samples) {
  vtkNew<vtkPolyDataMapper> surfaceMapper;
  if (manifold.intrinsicDimension() == 2) {
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputData(gridSurface(manifold, 64, 96));
    surfaceMapper->SetInputConnection(normals->GetOutputPort());
    surface_->GetProperty()->SetLineWidth(1.0);
  } else {
    surfaceMapper->SetInputData(polyline(manifold.parameterGrid(1, 800), manifold.closedInU()));
    surface_->GetProperty()->SetLineWidth(3.0);
  }
  surface_->SetMapper(surfaceMapper);
  surface_->VisibilityOn();

  vtkNew<vtkPolyData> cloud;
  cloud->SetPoints(toPoints(samples));
  vtkNew<vtkSphereSource> ball;
  ball->SetRadius(sampleRadius_);
  ball->SetThetaResolution(10);
  ball->SetPhiResolution(10);
  vtkNew<vtkGlyph3D> glyphs;
  glyphs->SetInputData(cloud);
  glyphs->SetSourceConnection(ball->GetOutputPort());
  glyphs->ScalingOff();
  vtkNew<vtkPolyDataMapper> sampleMapper;
  sampleMapper->SetInputConnection(glyphs->GetOutputPort());
  samples_->SetMapper(sampleMapper);
  samples_->VisibilityOn();
  resetCamera();
}

void ManifoldScene::setGeodesic(const Eigen::MatrixXd& path) {
  if (path.cols() < 2) {
    geodesic_->VisibilityOff();
    return;
  }
  vtkNew<vtkTubeFilter> tube;
  tube->SetInputData(polyline(path));
  tube->SetRadius(sampleRadius_ * 0.9);
  tube->SetNumberOfSides(16);
  tube->CappingOn();
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(tube->GetOutputPort());
  geodesic_->SetMapper(mapper);
  geodesic_->VisibilityOn();
}

void ManifoldScene::setStraightLine(const Eigen::MatrixXd& path) {
  if (path.cols() < 2) {
    straight_->VisibilityOff();
    return;
  }
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(polyline(path));
  straight_->SetMapper(mapper);
  straight_->VisibilityOn();
}

void ManifoldScene::resetCamera() {
  renderer_->ResetCamera();
  renderer_->ResetCameraClippingRange();
}

}  // namespace geodex
