#pragma once
// The Rotated MNIST mode's side panel: the digit (a thumbnail grid of the loaded set, or digit
// images dropped on the start and end targets), the path's parameters (angles, points, end
// digit, score and its level t, DDIM steps, σ, λ, solver, the noise and start choices), Run and
// Cancel with the numbers, and the export buttons. It only shows and reads the controls; the
// page (MnistPage) runs the experiment.
#include <QString>
#include <QWidget>

#include "core/data/idx_file.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "ui/common/form_widget_declarations.h"

class QListWidget;

namespace geodex {

class ImageDropTarget;
class RunControls;

class MnistPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kThumbnails = 60;  // digits offered in the grid

  explicit MnistPanel(QWidget* parent = nullptr);

  // The grid shows the first kThumbnails digits of `images`; `current` is selected.
  void showDigits(const IdxImages& images, const QString& source, int current);
  void showSourceMessage(const QString& text);
  // What the data line says: the digits' source, or why they could not be loaded.
  QString sourceText() const;
  void selectDigit(int index);
  void setEndDigit(int index);
  void setAngles(double from, double to);
  void setPoints(int points);
  // "exact" or "model".
  void setScore(const QString& score);
  // metric "pullback" | "score", initialization "graph" | "slerp" | "lerp".
  void setMethod(const QString& metric, const QString& initialization);
  void setTimestep(int t);
  void setDdimSteps(int steps);

  // The experiment's options as the controls say (no model: the page loads it).
  // The chosen method first, the paper's (score metric from SLERP) beside it.
  RotatedDigitGeodesicOptions options() const;
  RotatedDigitGeodesicMethod chosenMethod() const;
  bool useModel() const;
  int endDigit() const;  // -1: the same digit (rotation)

  ImageDropTarget* startDrop() const { return startDrop_; }
  ImageDropTarget* endDrop() const { return endDrop_; }
  RunControls* controls() const { return controls_; }
  QPushButton* exportStripButton() const { return exportStrip_; }
  QPushButton* exportCsvButton() const { return exportCsv_; }
  QPushButton* openButton() const { return open_; }

 Q_SIGNALS:
  // A parameter changed (angles, points, score, σ, λ, solver, ...).
  void edited();
  // The user picked digit `index` of the grid (a dropped start digit is then forgotten).
  void digitPicked(int index);

 private:
  QGroupBox* buildDigitBox();
  QGroupBox* buildPathBox();
  void createScoreControls();
  // Every parameter says `edited`; the score shows only its own controls.
  void connectEdits();

  QLabel* source_;
  QPushButton* open_;
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
  QComboBox* metric_;
  QComboBox* initialization_;
  QComboBox* solver_;
  QCheckBox* perturb_;
  QCheckBox* rotationStart_;
  RunControls* controls_;
  QPushButton* exportStrip_;
  QPushButton* exportCsv_;
};

}  // namespace geodex
