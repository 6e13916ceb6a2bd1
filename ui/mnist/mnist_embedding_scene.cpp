#include "ui/mnist/mnist_embedding_scene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>

#include "ui/common/actor_style.h"
#include "ui/common/geodesic_layer.h"
#include "ui/common/point_conversions.h"
#include "ui/common/view_background.h"

namespace geodex {

MnistEmbeddingScene::MnistEmbeddingScene(vtkRenderer* renderer)
    : renderer_(renderer), paths_(std::make_unique<GeodesicLayer>(renderer)) {
  setViewBackground(renderer_);
  setColour(curve_, kCurveColour);
  curve_->GetProperty()->SetLineWidth(2.0);
  setShading(curve_, 1.0, 0.0);
  setColour(truth_, kTruthColour);
  truth_->GetProperty()->SetAmbient(0.5);
  for (vtkActor* actor : {curve_.Get(), truth_.Get()}) {
    actor->VisibilityOff();
    renderer_->AddActor(actor);
  }
}

MnistEmbeddingScene::~MnistEmbeddingScene() {
  renderer_->RemoveActor(curve_);
  renderer_->RemoveActor(truth_);
}

void MnistEmbeddingScene::setManifold(const Eigen::MatrixXd& curve, const Eigen::MatrixXd& truth) {
  vtkNew<vtkPoints> points;
  fillVtkPoints(points, curve);
  vtkNew<vtkCellArray> lines;
  lines->InsertNextCell(curve.cols() + 1);
  for (vtkIdType j = 0; j <= curve.cols(); ++j) lines->InsertCellPoint(j % curve.cols());
  vtkNew<vtkPolyData> loop;
  loop->SetPoints(points);
  loop->SetLines(lines);
  vtkNew<vtkPolyDataMapper> curveMapper;
  curveMapper->SetInputData(loop);
  curve_->SetMapper(curveMapper);
  curve_->VisibilityOn();

  const double extent = (curve.rowwise().maxCoeff() - curve.rowwise().minCoeff()).norm();
  vtkNew<vtkPoints> truthPoints;
  fillVtkPoints(truthPoints, truth);
  vtkNew<vtkPolyData> cloud;
  cloud->SetPoints(truthPoints);
  vtkNew<vtkSphereSource> ball;
  ball->SetRadius(0.012 * extent);
  drawBallsAt(truth_, cloud, ball);
  truth_->VisibilityOn();

  paths_->hideAll();
  paths_->setScale(0.006 * extent);
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(0, 0, 10);  // looking down the third axis: the two main axes in view
  camera->SetViewUp(0, 1, 0);
  renderer_->ResetCamera();
  camera->Zoom(1.2);
}

void MnistEmbeddingScene::setPaths(const Eigen::MatrixXd& geodesic, const QString& geodesicLabel,
                                   const Eigen::MatrixXd& paper, const Eigen::MatrixXd& lerp,
                                   const Eigen::MatrixXd& slerp) {
  paths_->setPath(GeodesicLayer::Geodesic, geodesic, geodesicLabel);
  paths_->setPath(GeodesicLayer::CompareA, paper, "paper's geodesic (score metric, SLERP start)");
  paths_->setPath(GeodesicLayer::Straight, lerp, "LERP");
  paths_->setPath(GeodesicLayer::Slerp, slerp, "SLERP");
}

}  // namespace geodex
