#pragma once
// The "Images" mode: drop two photos, open a Stable Diffusion 1.x/2.x model — a .safetensors
// checkpoint, a diffusers folder, or a TorchScript folder (tools/export_sd.py) — by the menu, the
// button or by dropping it on the page, and get strips that walk from one photo to the other — the score-metric geodesic in latent
// space above LERP, SLERP and NoiseDiffusion, all from the same shared-noise endpoints and the
// same DDIM denoising (docs/design.md §1). Loading and computing run on the job runner; while the
// geodesic is solved, its latent path is shown live (channels as false colour).
#include <QString>
#include <functional>
#include <memory>
#include <optional>

#include "core/io/labelled_frames.h"
#include "core/pipelines/image_interpolation.h"
#include "ui/common/form_widget_declarations.h"
#include "ui/common/mode_page.h"

namespace geodex {

class ImageDropTarget;
class JobRunner;
class ImageStripView;
class RunControls;
class StableDiffusionModel;

class ImagesPage : public ModePage {
  Q_OBJECT
 public:
  explicit ImagesPage(QWidget* parent = nullptr);
  ~ImagesPage() override;

  // Loads and checks a model in the background (progress shown, Cancel stops it); `modelLoaded`
  // or `failed` follows. `path`: a .safetensors file, a model folder, or the model_index.json /
  // model.json inside one (what a file dialog can pick).
  void openModel(const QString& path);
  // What the page says of the loaded model ("SD 1.x (ε-prediction), … on cpu; 512 px images").
  QString modelSummary() const;
  QSpinBox* imageSizeBox() const { return imageSize_; }
  bool hasModel() const { return model_ != nullptr; }
  ImageDropTarget* targetA() const { return targetA_; }
  ImageDropTarget* targetB() const { return targetB_; }

  void setPoints(int points);
  // Starts the interpolation (needs a model and both images; else a message says what is
  // missing).
  void run();
  void cancel() override;
  bool isIdle() const override;
  QString statusHint() const override;

  const std::optional<ImageInterpolationResult>& lastResult() const { return result_; }
  ImageStripView* strips() const { return strips_; }
  QLabel* statusLabel() const;
  QPushButton* cancelButton() const;

  // Empty string on success, else the message shown; files complete or absent. The GIF and the
  // video stack every method's frames one above the other, labelled (core/io/frame_stack.h); the
  // frames folder gets one subfolder per method (writeFramePngFolders).
  QString exportStrip(const QString& path);
  QString exportGif(const QString& path);
  QString exportVideo(const QString& path);
  QString exportFrames(const QString& folder);

 Q_SIGNALS:
  void modelLoaded();
  // Loading the model or computing failed.
  void failed(const QString& message);
  void resultShown();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // The File menu's entries (returned in order for the panel's buttons) and the panel's boxes.
  QList<QAction*> addOpenActions();
  QList<QAction*> addExportActions();
  QGroupBox* buildInputsBox(const QList<QAction*>& opens);
  QGroupBox* buildPathBox();
  void connectJobs();
  ImageInterpolationOptions options() const;
  void showModel();
  // The model at the image size the box asks for (checkpoints: instant, the weights are shared).
  void applyImageSize();
  void showLivePath(const Eigen::MatrixXd& latents, int iteration);
  void showResult(const ImageInterpolationResult& result);
  void showError(const QString& message);
  // Runs `write` on every method's frames (in strip order, named by method); the error
  // message, or empty on success.
  QString exportAllPaths(const std::function<void(const std::vector<LabelledFrames>& sequences)>& write);

  std::shared_ptr<StableDiffusionModel> model_;
  // A load delivered its model; the page shows it once the job has ended (the runner idle, so
  // an image size chosen right after loading applies at once).
  bool loadDelivered_ = false;
  std::optional<ImageInterpolationResult> result_;
  JobRunner* jobs_;
  ImageDropTarget* targetA_;
  ImageDropTarget* targetB_;
  QLineEdit* modelFolder_;
  QLabel* modelInfo_;
  QSpinBox* imageSize_;
  QSpinBox* points_;
  QSpinBox* timestep_;
  QDoubleSpinBox* lambda_;
  QComboBox* solver_;
  QSpinBox* iterations_;
  QSpinBox* ddimSteps_;
  QSpinBox* seed_;
  QCheckBox* methods_[4];
  RunControls* controls_;
  ImageStripView* strips_;
};

}  // namespace geodex
