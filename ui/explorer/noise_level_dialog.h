#pragma once
// "Choose σ…" (issue #14 item 3): the σ diagnosis of core/pipelines/noise_level_diagnosis for
// the explorer's manifold (circle, sphere or torus: the ones whose normals are known), computed
// on its own JobRunner with progress and cancel, drawn by NoiseLevelPlot with markers at the
// window's σ and default σ. Not modal: the explorer stays usable beside it.
#include <QDialog>

#include "core/pipelines/noise_level_diagnosis.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace geodex {

class JobRunner;
class NoiseLevelPlot;

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

  NoiseLevelPlot* plot() const { return plot_; }
  JobRunner* jobs() const { return jobs_; }
  QLabel* summary() const { return summary_; }
  const NoiseLevelDiagnosis& lastDiagnosis() const { return last_; }

 Q_SIGNALS:
  void diagnosisShown();

 private:
  void display(const NoiseLevelDiagnosis& diagnosis);
  void setBusy(bool busy);

  QComboBox* manifold_;
  QLineEdit* sigmas_;
  QPushButton* computeButton_;
  QPushButton* cancelButton_;
  QProgressBar* progress_;
  QLabel* summary_;
  NoiseLevelPlot* plot_;
  JobRunner* jobs_;
  double windowSigma_ = 0.1;
  double lambda_ = 1000.0;
  NoiseLevelDiagnosis last_;
};

}  // namespace geodex
