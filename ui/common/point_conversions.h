#pragma once
// Points of 2D manifolds live in the z = 0 plane of the views: the conversions every layer needs,
// and the ways a layer draws balls at points.
#include <Eigen/Core>

class vtkActor;
class vtkPoints;
class vtkPolyData;
class vtkSphereSource;

namespace geodex {

// A point of R² or R³ as a point of R³ (z = 0 for 2D).
inline Eigen::Vector3d liftTo3D(const Eigen::VectorXd& point) {
  Eigen::Vector3d out = Eigen::Vector3d::Zero();
  out.head(point.size()) = point;
  return out;
}

// Columns [d × n], d = 2 or 3, as VTK points in double precision (the drawn points are the
// computed ones, to the last bit).
void fillVtkPoints(vtkPoints* points, const Eigen::MatrixXd& columns);

// Makes `actor` draw `ball` (radius and resolution as the caller set them, unscaled) at every
// point of `centres`; later changes to either show on the next render.
void drawBallsAt(vtkActor* actor, vtkPolyData* centres, vtkSphereSource* ball);

// Many small balls: one shaded point sprite of `pixelDiameter` screen pixels per point of
// `centres` (which gains one vertex cell per point) — one vertex each instead of a sphere's
// hundred triangles, for clouds of hundreds of points.
void drawPointBallsAt(vtkActor* actor, vtkPolyData* centres, double pixelDiameter);

}  // namespace geodex
