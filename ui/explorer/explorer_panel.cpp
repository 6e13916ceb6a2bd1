#include "ui/explorer/explorer_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/data/synthetic_manifold.h"
#include "ui/common/job_runner.h"
#include "ui/common/number_setting_box.h"
#include "ui/common/run_controls.h"
#include "ui/common/solver_items.h"
#include "ui/explorer/energy_plot.h"
#include "ui/explorer/explorer_result.h"
#include "ui/explorer/metric_controls.h"

namespace geodex {

namespace {

QString formatPoint(const Eigen::Vector3d& p, int dimension) {
  QStringList parts;
  for (int i = 0; i < dimension; ++i) parts << QString::number(p[i], 'g', 4);
  return parts.join(", ");
}

// "x, y[, z]" → point; false when the text is not `dimension` finite numbers.
bool parsePoint(const QString& text, int dimension, Eigen::Vector3d& out) {
  const QStringList parts = text.split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts);
  if (parts.size() != dimension) return false;
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  for (int i = 0; i < dimension; ++i) {
    bool ok = false;
    p[i] = parts[i].toDouble(&ok);
    if (!ok || !std::isfinite(p[i])) return false;
  }
  out = p;
  return true;
}

QComboBox* comboOf(const QStringList& items, QWidget* parent) {
  auto* box = new QComboBox(parent);
  box->addItems(items);
  return box;
}

QString text(const std::string& value) {
  return QString::fromStdString(value);
}

}  // namespace

ExplorerPanel::ExplorerPanel(QWidget* parent) : QWidget(parent) {
  QGroupBox* boxes[] = {buildSceneBox(), buildMetricBox(), buildShowBox(), buildGeometryBox()};
  run_ = new RunControls("Solve", this);
  plot_ = new EnergyPlot(this);

  // The settings scroll; Solve, Cancel, the progress and how the solve ended stay in view below
  // them at any window height.
  auto* settingsPage = new QWidget(this);
  auto* settingsLayout = new QVBoxLayout(settingsPage);
  for (QGroupBox* box : boxes) settingsLayout->addWidget(box);
  settingsLayout->addWidget(plot_, 1);
  settingsPage->setMinimumWidth(320);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(RunControls::scrollable(settingsPage, 0, this), 1);
  auto* runLayout = new QVBoxLayout;
  runLayout->setContentsMargins(9, 0, 9, 6);
  runLayout->addWidget(run_);
  layout->addLayout(runLayout);

  writeControls();
  connectControls();
}

QGroupBox* ExplorerPanel::buildSceneBox() {
  QStringList manifolds;
  for (const std::string& name : SyntheticManifold::names()) manifolds << QString::fromStdString(name);
  manifold_ = comboOf(manifolds, this);
  score_ = comboOf({"analytic", "quadrature", "empirical", "empirical-torch", "trained"}, this);
  score_->setToolTip("analytic: exact formula (circle, sphere); quadrature: exact smoothed "
                     "manifold measure; empirical: smoothed random samples (Eigen or LibTorch); "
                     "trained: an MLP score model from `geodex-cli train`");
  modelFile_ = new QLineEdit(this);
  modelFile_->setPlaceholderText("model.pt from geodex-cli train");
  auto* browse = new QPushButton("…", this);
  browse->setMaximumWidth(32);
  modelRow_ = new QWidget(this);
  auto* modelLayout = new QHBoxLayout(modelRow_);
  modelLayout->setContentsMargins(0, 0, 0, 0);
  modelLayout->addWidget(modelFile_, 1);
  modelLayout->addWidget(browse);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, "Open a trained score model", {},
                                                      "geodex score models (*.pt);;All files (*)");
    if (path.isEmpty()) return;
    modelFile_->setText(path);
    readControls();
  });
  sigma_ = new QDoubleSpinBox(this);
  applyNumberSetting(sigma_, ExplorerSettings::kSigma);
  sigma_->setSingleStep(0.01);

  auto* box = new QGroupBox("Scene", this);
  auto* form = new QFormLayout(box);
  form->addRow("Manifold", manifold_);
  form->addRow("Score", score_);
  form->addRow("Model", modelRow_);
  form->addRow("σ", sigma_);
  return box;
}

QGroupBox* ExplorerPanel::buildMetricBox() {
  auto* box = new QGroupBox("Metric and solver", this);
  auto* form = new QFormLayout(box);
  metric_ = new MetricControls(box, form);
  solver_ = new QComboBox(this);
  addSolverItems(solver_);
  solver_->setToolTip("gauss-newton: geodex's solver; adam: the paper's optimiser "
                      "(lr 1e-3, cosine decay, 500 iterations)");
  initialization_ = comboOf({"slerp", "lerp", "graph"}, this);
  initialization_->setToolTip("The solver's starting path: SLERP (the paper's), the straight "
                              "line, or the shortest path through a neighbour graph of manifold "
                              "samples (follows the data around holes and folds)");
  points_ = new QSpinBox(this);
  applyNumberSetting(points_, ExplorerSettings::kPoints);
  from_ = new QLineEdit(this);
  to_ = new QLineEdit(this);
  from_->setToolTip("First endpoint: type coordinates, or click a sample point in the view");
  to_->setToolTip("Second endpoint: type coordinates, or click a sample point in the view");
  extrapolation_ = new QDoubleSpinBox(this);
  applyNumberSetting(extrapolation_, ExplorerSettings::kExtrapolation);
  extrapolation_->setSingleStep(0.25);
  extrapolation_->setSuffix(" × path");
  extrapolation_->setToolTip("Shoot the geodesic on past the second endpoint (exponential map) "
                             "for this fraction of its length; 0 = off");
  form->addRow("Solver", solver_);
  form->addRow("Initial path", initialization_);
  form->addRow("Points", points_);
  form->addRow("From", from_);
  form->addRow("To", to_);
  form->addRow("Extrapolate", extrapolation_);
  return box;
}

QGroupBox* ExplorerPanel::buildShowBox() {
  compare_ = new QCheckBox("Compare the other metrics", this);
  slerp_ = new QCheckBox("Show SLERP path", this);
  ellipsoids_ = new QCheckBox("Metric ellipsoids", this);
  density_ = new QSpinBox(this);
  applyNumberSetting(density_, ExplorerSettings::kEllipsoidDensity);
  arrows_ = new QCheckBox("Score arrows", this);

  auto* box = new QGroupBox("Show", this);
  auto* layout = new QVBoxLayout(box);
  auto* ellipsoidRow = new QHBoxLayout;
  ellipsoidRow->addWidget(ellipsoids_, 1);
  ellipsoidRow->addWidget(density_);
  layout->addLayout(ellipsoidRow);
  layout->addWidget(arrows_);
  layout->addWidget(slerp_);
  layout->addWidget(compare_);
  return box;
}

QGroupBox* ExplorerPanel::buildGeometryBox() {
  fan_ = new QCheckBox("Exponential map fan", this);
  fan_->setToolTip(
      "Geodesics shot from the first endpoint in evenly spaced tangent directions, "
      "all of the same metric length, and the geodesic circles where they have gone "
      "a quarter, half, … of it");
  fanRays_ = new QSpinBox(this);
  applyNumberSetting(fanRays_, ExplorerSettings::kFanRays);
  fanRays_->setPrefix("K = ");
  fanLength_ = new QDoubleSpinBox(this);
  applyNumberSetting(fanLength_, ExplorerSettings::kFanLength);
  fanLength_->setSingleStep(0.1);
  fanLength_->setPrefix("length ");
  distanceField_ = new QCheckBox("Distance field", this);
  distanceField_->setToolTip(
      "The geodesic distance from the first endpoint to every node of a "
      "grid (the plane around the data, or the surface), with iso-lines; "
      "click to read off a distance");
  distanceResolution_ = new QSpinBox(this);
  applyNumberSetting(distanceResolution_, ExplorerSettings::kDistanceResolution);
  distanceResolution_->setSuffix(" nodes");

  auto* box = new QGroupBox("Exponential map and distance", this);
  auto* form = new QFormLayout(box);
  auto* fanRow = new QHBoxLayout;
  fanRow->addWidget(fanRays_);
  fanRow->addWidget(fanLength_);
  form->addRow(fan_);
  form->addRow(fanRow);
  form->addRow(distanceField_, distanceResolution_);
  return box;
}

// Every control edits the settings; the manifold also resets what depends on it.
void ExplorerPanel::connectControls() {
  connect(manifold_, &QComboBox::currentIndexChanged, this, &ExplorerPanel::onManifoldChanged);
  for (QComboBox* box : {score_, solver_, initialization_})
    connect(box, &QComboBox::currentIndexChanged, this, &ExplorerPanel::readControls);
  for (QDoubleSpinBox* box : {sigma_, extrapolation_, fanLength_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &ExplorerPanel::readControls);
  for (QSpinBox* box : {points_, density_, fanRays_, distanceResolution_})
    connect(box, &QSpinBox::valueChanged, this, &ExplorerPanel::readControls);
  for (QCheckBox* box : {compare_, slerp_, ellipsoids_, arrows_, fan_, distanceField_})
    connect(box, &QCheckBox::toggled, this, &ExplorerPanel::readControls);
  connect(metric_, &MetricControls::edited, this, &ExplorerPanel::readControls);
  for (QLineEdit* edit : {modelFile_, from_, to_})
    connect(edit, &QLineEdit::editingFinished, this, &ExplorerPanel::readControls);
  connect(run_, &RunControls::runClicked, this, &ExplorerPanel::solveRequested);
  connect(run_, &RunControls::cancelClicked, this, &ExplorerPanel::cancelRequested);
}

QPushButton* ExplorerPanel::cancelButton() const {
  return run_->cancelButton();
}
QProgressBar* ExplorerPanel::progressBar() const {
  return run_->progressBar();
}

void ExplorerPanel::setSettings(const ExplorerSettings& settings) {
  settings_ = settings;
  writeControls();
}

void ExplorerPanel::writeControls() {
  updating_ = true;
  const int d = settings_.dimension();
  manifold_->setCurrentText(settings_.manifoldName());
  score_->setCurrentText(text(toString(settings_.scoreSource)));
  modelFile_->setText(settings_.modelFile);
  modelRow_->setEnabled(settings_.scoreSource == ScoreSource::Trained);
  sigma_->setEnabled(settings_.scoreSource != ScoreSource::Trained);
  sigma_->setValue(settings_.sigma);
  metric_->setOptions(settings_.metric);
  solver_->setCurrentIndex(solver_->findData(QString::fromStdString(toString(settings_.solver))));
  initialization_->setCurrentText(text(toString(settings_.initialization)));
  points_->setValue(settings_.points);
  from_->setText(formatPoint(settings_.from, d));
  to_->setText(formatPoint(settings_.to, d));
  from_->setStyleSheet({});
  to_->setStyleSheet({});
  extrapolation_->setValue(settings_.extrapolation);
  compare_->setChecked(settings_.compareMetrics);
  slerp_->setChecked(settings_.showSlerp);
  ellipsoids_->setChecked(settings_.showEllipsoids);
  density_->setValue(settings_.ellipsoidDensity);
  arrows_->setChecked(settings_.showScoreArrows);
  fan_->setChecked(settings_.showFan);
  fanRays_->setValue(settings_.fanRays);
  fanLength_->setValue(settings_.fanLength);
  distanceField_->setChecked(settings_.showDistanceField);
  distanceResolution_->setValue(settings_.distanceResolution);
  updating_ = false;
}

void ExplorerPanel::readControls() {
  if (updating_) return;
  ExplorerSettings next = settings_;
  const int d = next.dimension();
  next.scoreSource = parseScoreSource(score_->currentText().toStdString());
  next.modelFile = modelFile_->text().trimmed();
  modelRow_->setEnabled(next.scoreSource == ScoreSource::Trained);
  sigma_->setEnabled(next.scoreSource != ScoreSource::Trained);
  next.sigma = sigma_->value();
  next.metric = metric_->options();
  next.solver = parseGeodesicSolverKind(solver_->currentData().toString().toStdString());
  next.initialization = parsePathInitialization(initialization_->currentText().toStdString());
  next.points = points_->value();
  // A malformed endpoint turns its field red and keeps the previous point.
  bool pointsOk = true;
  for (auto [edit, target] : {std::pair{from_, &next.from}, std::pair{to_, &next.to}}) {
    const bool ok = parsePoint(edit->text(), d, *target);
    edit->setStyleSheet(ok ? QString() : QString("background: #ffd0d0"));
    pointsOk = pointsOk && ok;
  }
  if (!pointsOk) showMessage(QString("An endpoint needs %1 numbers separated by commas.").arg(d));
  next.extrapolation = extrapolation_->value();
  next.compareMetrics = compare_->isChecked();
  next.showSlerp = slerp_->isChecked();
  next.showEllipsoids = ellipsoids_->isChecked();
  next.ellipsoidDensity = density_->value();
  next.showScoreArrows = arrows_->isChecked();
  next.showFan = fan_->isChecked();
  next.fanRays = fanRays_->value();
  next.fanLength = fanLength_->value();
  next.showDistanceField = distanceField_->isChecked();
  next.distanceResolution = distanceResolution_->value();
  if (next == settings_) return;
  settings_ = next;
  emit settingsEdited();
}

void ExplorerPanel::onManifoldChanged() {
  if (updating_) return;
  // A new manifold brings its own endpoints, score source and samples; the metric, solver and
  // display choices stay.
  const ExplorerSettings fresh =
      ExplorerSettings::defaultsFor(SyntheticManifold::kindOf(manifold_->currentText().toStdString()));
  ExplorerSettings next = settings_;
  next.manifold = fresh.manifold;
  next.scoreSource = fresh.scoreSource;
  next.samples = fresh.samples;
  next.seed = fresh.seed;
  next.from = fresh.from;
  next.to = fresh.to;
  settings_ = next;
  writeControls();
  emit settingsEdited();
}

void ExplorerPanel::follow(JobRunner* jobs) {
  run_->follow(jobs, "Solving…");
  connect(jobs, &JobRunner::started, plot_, &EnergyPlot::clear);
  connect(jobs, &JobRunner::progressed, this, &ExplorerPanel::setProgress);
}

void ExplorerPanel::setBusy(bool busy) {
  run_->setBusy(busy);
  if (busy) plot_->clear();
}

void ExplorerPanel::setProgress(double fraction, int iteration, double energy) {
  run_->setProgress(fraction);
  run_->setStatus(QString("Iteration %1, energy %2").arg(iteration).arg(energy, 0, 'g', 6));
  plot_->append(iteration, energy);
}

void ExplorerPanel::showMessage(const QString& text) {
  run_->setStatus(text);
}

void ExplorerPanel::showResult(const ExplorerResult& r) {
  const GeodesicResult& g = r.geodesic;
  run_->setProgress(1.0);
  run_->setStatus(QString("%1 after %2 iterations (%3)")
                       .arg(g.converged ? "Converged" : "Stopped")
                       .arg(g.iterations)
                       .arg(QString::fromStdString(g.stopReason)));
  plot_->setHistory(g.energyHistory);
}

}  // namespace geodex
