#pragma once
// The PCA view of the Rotated MNIST mode: the digit's rotations as a closed grey curve (the data
// manifold, seen through its first three principal axes), the true intermediate rotations as
// small balls, and each path (geodesic, LERP, SLERP) as a coloured line through the same
// projection. GUI thread only.
#include <vtkNew.h>
#include <Eigen/Core>
#include <QString>
#include <memory>

class vtkActor;
class vtkRenderer;

namespace geodex {

class GeodesicLayer;

class MnistEmbeddingScene {
 public:
  static constexpr unsigned char kCurveColour[3] = {200, 200, 200};
  static constexpr unsigned char kTruthColour[3] = {255, 140, 0};

  explicit MnistEmbeddingScene(vtkRenderer* renderer);
  ~MnistEmbeddingScene();
  MnistEmbeddingScene(const MnistEmbeddingScene&) = delete;
  MnistEmbeddingScene& operator=(const MnistEmbeddingScene&) = delete;

  // curve [3 × n] (closed), truth [3 × m]; resets the camera to fit.
  void setManifold(const Eigen::MatrixXd& curve, const Eigen::MatrixXd& truth);
  // Paths [3 × points] in the same coordinates (empty to hide).
  void setPaths(const Eigen::MatrixXd& geodesic, const Eigen::MatrixXd& lerp,
                const Eigen::MatrixXd& slerp, const QString& geodesicLabel);
  GeodesicLayer* paths() const { return paths_.get(); }

 private:
  vtkRenderer* renderer_;
  vtkNew<vtkActor> curve_;
  vtkNew<vtkActor> truth_;
  std::unique_ptr<GeodesicLayer> paths_;
};

}  // namespace geodex
