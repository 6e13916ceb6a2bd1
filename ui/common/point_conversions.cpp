#include "ui/common/point_conversions.h"

#include <vtkPoints.h>

namespace geodex {

void fillVtkPoints(vtkPoints* points, const Eigen::MatrixXd& columns) {
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(columns.cols());
  for (Eigen::Index j = 0; j < columns.cols(); ++j)
    points->SetPoint(j, liftTo3D(columns.col(j)).data());
}

}  // namespace geodex
