#include "ui/explorer/manifold_scene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <algorithm>
#include <vector>

#include "core/data/synthetic_manifold.h"
#include "ui/common/actor_style.h"
#include "ui/common/point_conversions.h"
#include "ui/common/view_background.h"

namespace geodex {

namespace {

// Parameter-grid resolution of drawn surfaces and curves.
constexpr int kSurfaceRows = 64;
constexpr int kSurfaceCols = 96;
constexpr int kCurvePoints = 800;
// Sample balls' diameter on screen: small enough that 400 samples stay apart.
constexpr double kSamplePixels = 9.0;

vtkNew<vtkPoints> toPoints(const Eigen::MatrixXd& columns) {
  vtkNew<vtkPoints> points;
  fillVtkPoints(points, columns);
  return points;
}

// Quads over a rows × cols parameter grid, wrapping where the manifold is closed.
vtkNew<vtkPolyData> gridSurface(const SyntheticManifold& manifold) {
  const int rows = kSurfaceRows, cols = kSurfaceCols;
  vtkNew<vtkPolyData> surface;
  surface->SetPoints(toPoints(manifold.parameterGrid(rows, cols)));
  vtkNew<vtkCellArray> quads;
  const int rowEnd = manifold.closedInV() ? rows : rows - 1;
  const int colEnd = manifold.closedInU() ? cols : cols - 1;
  for (int i = 0; i < rowEnd; ++i) {
    const int next = (i + 1) % rows;
    for (int j = 0; j < colEnd; ++j) {
      const int right = (j + 1) % cols;
      const vtkIdType ids[4] = {i * cols + j, i * cols + right, next * cols + right,
                                next * cols + j};
      quads->InsertNextCell(4, ids);
    }
  }
  surface->SetPolys(quads);
  return surface;
}

// The curve as polylines, one per connected piece: a step much longer than the typical one
// (from one moon to the other) starts a new piece.
vtkNew<vtkPolyData> curve(const SyntheticManifold& manifold) {
  const Eigen::MatrixXd points = manifold.parameterGrid(1, kCurvePoints);
  const Eigen::Index n = points.cols();
  const Eigen::VectorXd steps =
      (points.rightCols(n - 1) - points.leftCols(n - 1)).colwise().norm().transpose();
  std::vector<double> sorted(steps.data(), steps.data() + steps.size());
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double gap = 10.0 * sorted[sorted.size() / 2];

  vtkNew<vtkPolyData> line;
  line->SetPoints(toPoints(points));
  vtkNew<vtkCellArray> cells;
  std::vector<vtkIdType> piece{0};
  const auto flush = [&] {
    if (piece.size() > 1) cells->InsertNextCell(vtkIdType(piece.size()), piece.data());
    piece.clear();
  };
  for (Eigen::Index j = 1; j < n; ++j) {
    if (steps[j - 1] > gap) flush();
    piece.push_back(j);
  }
  if (manifold.closedInU()) piece.push_back(0);
  flush();
  line->SetLines(cells);
  return line;
}

}  // namespace

ManifoldScene::ManifoldScene(vtkRenderer* renderer) : renderer_(renderer) {
  setViewBackground(renderer_);
  for (vtkActor* actor : {surface_.Get(), samples_.Get()}) {
    actor->VisibilityOff();
    renderer_->AddActor(actor);
  }
  setColour(surface_, kSurfaceColour);
  surface_->GetProperty()->SetOpacity(kSurfaceOpacity);
  surface_->GetProperty()->SetSpecular(0.2);
  setColour(samples_, kSampleColour);
  // Mostly ambient: the points keep their colour on the unlit side of the sphere too.
  setShading(samples_, 0.55, 0.55);
  samples_->GetProperty()->SetSpecular(0.25);
  samples_->GetProperty()->SetSpecularPower(30);
}

ManifoldScene::~ManifoldScene() {
  renderer_->RemoveActor(surface_);
  renderer_->RemoveActor(samples_);
}

void ManifoldScene::setManifold(const SyntheticManifold& manifold) {
  vtkNew<vtkPolyDataMapper> mapper;
  if (manifold.intrinsicDimension() == 2) {
    // Smooth shading: normals averaged over the quads around each grid point.
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputData(gridSurface(manifold));
    normals->SplittingOff();
    mapper->SetInputConnection(normals->GetOutputPort());
    surface_->GetProperty()->SetLineWidth(1.0);
  } else {
    mapper->SetInputData(curve(manifold));
    surface_->GetProperty()->SetLineWidth(3.0);
  }
  surface_->SetMapper(mapper);
  hasManifold_ = true;
  surface_->SetVisibility(surfaceVisible_);
}

void ManifoldScene::setSamples(const Eigen::MatrixXd& points) {
  if (points.cols() == 0) {
    samples_->VisibilityOff();
    return;
  }
  vtkNew<vtkPolyData> cloud;
  cloud->SetPoints(toPoints(points));
  // Software OpenGL (Mesa under Xvfb) pays per vertex: sprites, not spheres.
  drawPointBallsAt(samples_, cloud, kSamplePixels);
  samples_->VisibilityOn();
}

void ManifoldScene::resetCamera(bool topDown) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  if (topDown) {
    camera->SetPosition(0, 0, 10);
    camera->SetViewUp(0, 1, 0);
    camera->ParallelProjectionOn();
  } else {
    camera->SetPosition(3.0, -2.2, 1.6);
    camera->SetViewUp(0, 0, 1);
    camera->ParallelProjectionOff();
  }
  renderer_->ResetCamera();  // keeps the direction, fits the distance to the visible props
  camera->Zoom(topDown ? 1.0 : 1.35);
  renderer_->ResetCameraClippingRange();
}

void ManifoldScene::setSurfaceVisible(bool visible) {
  surfaceVisible_ = visible;
  surface_->SetVisibility(visible && hasManifold_);
}

}  // namespace geodex
