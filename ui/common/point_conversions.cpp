#include "ui/common/point_conversions.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkProperty.h>
#include <vtkGlyph3D.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkSphereSource.h>

namespace geodex {

void fillVtkPoints(vtkPoints* points, const Eigen::MatrixXd& columns) {
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(columns.cols());
  for (Eigen::Index j = 0; j < columns.cols(); ++j)
    points->SetPoint(j, liftTo3D(columns.col(j)).data());
}

void drawBallsAt(vtkActor* actor, vtkPolyData* centres, vtkSphereSource* ball) {
  vtkNew<vtkGlyph3D> glyphs;
  glyphs->SetInputData(centres);
  glyphs->SetSourceConnection(ball->GetOutputPort());
  glyphs->ScalingOff();
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(glyphs->GetOutputPort());
  actor->SetMapper(mapper);
}

void drawPointBallsAt(vtkActor* actor, vtkPolyData* centres, double pixelDiameter) {
  vtkNew<vtkCellArray> vertices;
  for (vtkIdType j = 0; j < centres->GetNumberOfPoints(); ++j) vertices->InsertNextCell(1, &j);
  centres->SetVerts(vertices);
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(centres);
  actor->SetMapper(mapper);
  actor->GetProperty()->SetRenderPointsAsSpheres(true);
  actor->GetProperty()->SetPointSize(float(pixelDiameter));
}

}  // namespace geodex
