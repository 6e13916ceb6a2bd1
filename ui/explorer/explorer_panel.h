#pragma once
// The explorer's side panel: the controls that make up ExplorerSettings (manifold, score, σ,
// the metric and its parameters (MetricControls, from the registry), solver, endpoints, display options), Solve/Cancel with a progress
// bar and how the last solve ended, and a live energy plot (the result's numbers sit under the
// view: ExplorerNumbers).
#include <QWidget>

#include "ui/common/form_widget_declarations.h"
#include "ui/explorer/explorer_settings.h"

namespace geodex {

class EnergyPlot;
class MetricControls;
class JobRunner;
class RunControls;
struct ExplorerResult;

class ExplorerPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ExplorerPanel(QWidget* parent = nullptr);

  ExplorerSettings settings() const { return settings_; }
  // Shows `settings` without emitting settingsEdited.
  void setSettings(const ExplorerSettings& settings);

  // Busy while `jobs` runs a solve: progress, live energies, the end's message.
  void follow(JobRunner* jobs);
  void setBusy(bool busy);
  void setProgress(double fraction, int iteration, double energy);
  void showResult(const ExplorerResult& result);
  void showMessage(const QString& text);

  EnergyPlot* energyPlot() const { return plot_; }
  QPushButton* cancelButton() const;
  QProgressBar* progressBar() const;

 Q_SIGNALS:
  // The user changed a control; `settings()` holds the new values.
  void settingsEdited();
  void solveRequested();
  void cancelRequested();

 private:
  // The panel's parts, top to bottom; each creates its controls and lays them out in a box.
  QGroupBox* buildSceneBox();
  QGroupBox* buildMetricBox();
  QGroupBox* buildShowBox();
  QGroupBox* buildGeometryBox();
  void connectControls();
  void readControls();        // controls → settings_, then settingsEdited
  void writeControls();       // settings_ → controls, signals blocked
  void onManifoldChanged();

  ExplorerSettings settings_;
  bool updating_ = false;
  QComboBox* manifold_;
  QComboBox* score_;
  QLineEdit* modelFile_;
  QWidget* modelRow_;
  QDoubleSpinBox* sigma_;
  MetricControls* metric_;
  QComboBox* solver_;
  QComboBox* initialization_;
  QSpinBox* points_;
  QLineEdit* from_;
  QLineEdit* to_;
  QDoubleSpinBox* extrapolation_;
  QCheckBox* compare_;
  QCheckBox* slerp_;
  QCheckBox* ellipsoids_;
  QSpinBox* density_;
  QCheckBox* arrows_;
  QCheckBox* fan_;
  QSpinBox* fanRays_;
  QDoubleSpinBox* fanLength_;
  QCheckBox* distanceField_;
  QSpinBox* distanceResolution_;
  RunControls* run_;
  EnergyPlot* plot_;
};

}  // namespace geodex
