#pragma once
// "Choose σ…": the σ diagnosis of core/pipelines/noise_level_diagnosis for the explorer's
// manifold (circle, sphere or torus: the ones whose normals are known), or the t diagnosis of
// the shipped Rotated MNIST U-Net (core/pipelines/digit_noise_level_diagnosis, on the first
// digits of the shipped test slice), computed on its own JobRunner and shown with RunControls as
// the modes' panels are (ExplorerPage's idle and cancel cover it), drawn by NoiseLevelPlot with
// markers at the window's σ and default σ (for the U-Net: the paper's t = 400 and the MNIST
// window's default t). Not modal: the explorer stays usable.
#include <QDialog>

#include "core/pipelines/digit_noise_level_diagnosis.h"
#include "core/pipelines/noise_level_diagnosis.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace geodex {

class JobRunner;
class NoiseLevelPlot;
class RunControls;

class NoiseLevelDialog : public QDialog {
  Q_OBJECT
 public:
  explicit NoiseLevelDialog(QWidget* parent = nullptr);
  ~NoiseLevelDialog() override;

  // The explorer's scene: its manifold (others fall back to the sphere), σ and λ.
  void setContext(ManifoldKind manifold, double windowSigma, double lambda);
  // Starts the diagnosis with the dialog's fields; a bad σ list is shown, not thrown.
  void compute();
  void setSigmaList(const QString& text);
  // The U-Net against t instead of a synthetic manifold against σ.
  void chooseUnet();
  static constexpr int kUnetDigits = 4;

  NoiseLevelPlot* plot() const { return plot_; }
  JobRunner* jobs() const { return jobs_; }
  RunControls* controls() const { return controls_; }
  // The status line: what runs, how it ended, the last diagnosis in a sentence.
  QLabel* summary() const;
  const NoiseLevelDiagnosis& lastDiagnosis() const { return last_; }
  const DigitNoiseLevelDiagnosis& lastUnetDiagnosis() const { return lastUnet_; }

 Q_SIGNALS:
  void diagnosisShown();

 private:
  void display(const NoiseLevelDiagnosis& diagnosis);
  void display(const DigitNoiseLevelDiagnosis& diagnosis);
  void onSourceChanged();
  bool unetChosen() const;

  QComboBox* manifold_;
  QLineEdit* sigmas_;
  RunControls* controls_;
  NoiseLevelPlot* plot_;
  JobRunner* jobs_;
  double windowSigma_ = 0.1;
  double lambda_ = MetricOptions{}.lambda;  // until setContext() gives the window's
  NoiseLevelDiagnosis last_;
  DigitNoiseLevelDiagnosis lastUnet_;
  QLabel* listLabel_;
};

}  // namespace geodex
