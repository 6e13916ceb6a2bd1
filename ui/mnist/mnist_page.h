#pragma once
// The "Rotated MNIST" mode: pick a digit (thumbnail grid, or drop an image of one) and two
// angles — or a second digit to end at (grid index or dropped image); the geodesic under the score metric (the exact score of the digit's rotations, or the
// U-Net geodex trained and ships, DESIGN.md §1) is computed on a background thread and shown as
// image strips — geodesic above LERP above SLERP above the true rotation — and in a PCA view
// where the rotations form a closed curve and each path is a line through it. The numbers say
// how close each path stays to the true rotations.
#include <Eigen/Core>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>

#include "core/data/idx_file.h"
#include "core/pipelines/rotated_digit_geodesic.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace geodex {

class BackgroundJobs;
class DigitDiffusionModel;
class ImageDropTarget;
class ImageStripView;
class MnistEmbeddingScene;
class PcaProjection;
class RunControls;
class VtkOpenGlWidget;

class MnistPage : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kThumbnails = 60;  // digits offered in the grid

  explicit MnistPage(QWidget* parent = nullptr);
  ~MnistPage() override;

  // Where the digits come from by default: $GEODEX_MNIST_DIR, then datasets/mnist in the source
  // tree (fetched by the install step), then the 30-digit slice committed for tests.
  static QString defaultImagesPath();

  // Loads an IDX image file (any 28×28-like ubyte set). Empty string on success, else the error.
  QString loadImages(const QString& path);
  int digitCount() const { return images_.count; }

  void setDigit(int index);
  // -1: the same digit (rotation, with ground truth); else end at this digit of the grid.
  void setEndDigit(int index);
  // Digits from image files (drag and drop, or click): they replace the grid's start / end
  // digit until cleared (clicking a thumbnail clears the start, choosing an end index the end).
  ImageDropTarget* startDropTarget() const { return startDrop_; }
  ImageDropTarget* endDropTarget() const { return endDrop_; }
  void setAngles(double from, double to);
  // "exact" (the digit's rotations) or "model" (the shipped U-Net, or setModelPath's).
  void setScore(const QString& score);
  void setTimestep(int t);
  void setDdimSteps(int steps);
  // The U-Net file used for the "model" score (default: resources/models/rotated-mnist-unet.pt).
  void setModelPath(const QString& path);
  static QString defaultModelPath();
  void setPoints(int points);
  // Starts the computation now (else parameter changes start it after a short pause).
  void run();
  void cancel();
  bool isIdle() const;

  const std::optional<RotatedDigitGeodesicResult>& lastResult() const { return result_; }
  ImageStripView* strips() const { return strips_; }
  VtkOpenGlWidget* embeddingView() const { return embeddingView_; }
  QLabel* resultLabel() const;
  QLabel* statusLabel() const;
  QPushButton* cancelButton() const;

  // Empty string on success, else the message shown to the user; files complete or absent.
  QString exportStrip(const QString& path);
  QString exportCsv(const QString& path);

 Q_SIGNALS:
  void resultShown();
  void progressed(double fraction);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  RotatedDigitGeodesicOptions options() const;
  Eigen::VectorXd digit() const;
  void scheduleRun();
  void showResult(const RotatedDigitGeodesicResult& result);
  // A dropped image as a digit of the loaded set's size; empty optional (and a message) if not.
  std::optional<Eigen::VectorXd> digitFromDrop(const ImageDropTarget& target);
  void showLivePath(const Eigen::MatrixXd& path, int iteration, bool atLevelT);
  void reportError(const QString& message);

  IdxImages images_;
  QString imagesPath_;
  int digitIndex_ = 7;
  std::optional<RotatedDigitGeodesicResult> result_;
  std::optional<Eigen::VectorXd> droppedStart_, droppedEnd_;
  QString modelPath_;
  // The loaded U-Net, kept while modelPath_ stays the same (loaded on the worker thread).
  std::shared_ptr<const DigitDiffusionModel> model_;
  // The PCA of the current digit's rotations and the projected rotation curve [3 × 360], kept
  // while the digit stays the same (angle or solver changes do not refit it).
  std::shared_ptr<const PcaProjection> pca_;
  Eigen::MatrixXd curve_;
  QString pcaDigit_;  // images file and index the PCA belongs to

  BackgroundJobs* jobs_;
  QTimer* debounce_;
  QLabel* source_;
  QListWidget* thumbnails_;
  ImageDropTarget* startDrop_;
  ImageDropTarget* endDrop_;
  QDoubleSpinBox* fromAngle_;
  QDoubleSpinBox* toAngle_;
  QSpinBox* points_;
  QSpinBox* endDigit_;
  QComboBox* score_;
  QSpinBox* timestep_;
  QSpinBox* ddimSteps_;
  QDoubleSpinBox* sigma_;
  QDoubleSpinBox* lambda_;
  QComboBox* solver_;
  QCheckBox* perturb_;
  QCheckBox* rotationStart_;
  RunControls* controls_;
  ImageStripView* strips_;
  VtkOpenGlWidget* embeddingView_;
  std::unique_ptr<MnistEmbeddingScene> embedding_;
};

}  // namespace geodex
