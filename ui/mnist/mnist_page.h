#pragma once
// The "Rotated MNIST" mode: pick a digit (thumbnail grid, or drop an image of one) and two
// angles — or a second digit to end at (grid index or dropped image); the geodesic under the
// score metric (the exact score of the digit's rotations, or the U-Net geodex trained and
// ships, docs/design.md §1) is computed by core's pipeline on the job runner and shown as image
// strips — geodesic above LERP above SLERP above the true rotation — and in a PCA view where
// the rotations form a closed curve and each path is a line through it. The numbers say how
// close each path stays to the true rotations. The controls are MnistPanel's.
#include <Eigen/Core>
#include <QString>
#include <memory>
#include <optional>

#include "core/data/idx_file.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "ui/common/mode_page.h"
#include "ui/mnist/mnist_panel.h"

class QLabel;
class QPushButton;
class QTimer;

namespace geodex {

class DigitDiffusionModel;
class ImageDropTarget;
class ImageStripView;
class JobRunner;
class MnistEmbeddingScene;
class RotatedDigitEmbedding;
class VtkOpenGlWidget;

class MnistPage : public ModePage {
  Q_OBJECT
 public:
  static constexpr int kThumbnails = MnistPanel::kThumbnails;
  // Parameter changes closer together than this start one run.
  static constexpr int kDebounceMs = 300;

  explicit MnistPage(QWidget* parent = nullptr);
  ~MnistPage() override;

  // Where the digits come from by default: $GEODEX_MNIST_DIR, then datasets/mnist in the source
  // tree (fetched by the install step), then the 30-digit slice committed for tests.
  static QString defaultImagesPath();
  // The U-Net used for the "model" score: resources/models/rotated-mnist-unet.pt.
  static QString defaultModelPath();

  // Loads an IDX image file (any 28×28-like ubyte set). Empty string on success, else the error.
  QString loadImages(const QString& path);
  int digitCount() const { return images_.count; }

  void setDigit(int index);
  // -1: the same digit (rotation, with ground truth); else end at this digit of the grid.
  void setEndDigit(int index);
  // Digits from image files (drag and drop, or click): they replace the grid's start / end
  // digit until cleared (clicking a thumbnail clears the start, choosing an end index the end).
  ImageDropTarget* startDropTarget() const;
  void setAngles(double from, double to);
  // "exact" (the digit's rotations) or "model" (the shipped U-Net, or setModelPath's).
  void setScore(const QString& score);
  void setMethod(const QString& metric, const QString& initialization);
  void setTimestep(int t);
  void setDdimSteps(int steps);
  void setModelPath(const QString& path);
  void setPoints(int points);
  // Starts the computation now (else parameter changes start it after a short pause).
  void run();

  bool isIdle() const override;
  void cancel() override;
  QString statusHint() const override;

  const std::optional<RotatedDigitGeodesicResult>& lastResult() const { return result_; }
  MnistPanel* panel() const { return panel_; }
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
  void scheduleRun();
  // The run for the current controls, debounced or at once.
  void start(bool debounced);
  void onDigitPicked(int index);
  // A dropped image as a digit of the loaded set's size; empty optional (and a message) if not.
  std::optional<Eigen::VectorXd> digitFromDrop(const ImageDropTarget& target);
  void showTruth(const std::shared_ptr<const RotatedDigitEmbedding>& embedding,
                 const QString& digitKey, const Eigen::MatrixXd& truth);
  void showLivePath(const Eigen::MatrixXd& path, int iteration);
  void showResult(const RotatedDigitGeodesicResult& result);
  void showError(const QString& message);

  IdxImages images_;
  QString imagesPath_;
  int digitIndex_ = 7;
  std::optional<RotatedDigitGeodesicResult> result_;
  std::optional<Eigen::VectorXd> droppedStart_, droppedEnd_;
  QString modelPath_;
  // The loaded U-Net, kept while modelPath_ stays the same (loaded on the worker thread).
  std::shared_ptr<const DigitDiffusionModel> model_;
  // The run's way of showing live path points: level-t points through the model (null: level σ).
  std::shared_ptr<const DigitDiffusionModel> liveModel_;
  int liveTimestep_ = 0;
  // The PCA view of the current digit's rotations, kept while the digit stays the same (angle
  // or solver changes do not refit it).
  std::shared_ptr<const RotatedDigitEmbedding> embeddingFit_;
  QString embeddingDigit_;  // images file and index the fit belongs to

  JobRunner* jobs_;
  MnistPanel* panel_;
  ImageStripView* strips_;
  VtkOpenGlWidget* embeddingView_;
  std::unique_ptr<MnistEmbeddingScene> embedding_;
};

}  // namespace geodex
