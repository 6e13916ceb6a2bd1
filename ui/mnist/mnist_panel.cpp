#include "ui/mnist/mnist_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "core/data/rotated_mnist.h"
#include "core/geometry/metric_registry.h"
#include "ui/common/grey_images.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/number_setting_box.h"
#include "ui/common/run_controls.h"
#include "ui/common/solver_items.h"

namespace geodex {

MnistPanel::MnistPanel(QWidget* parent) : QWidget(parent) {
  QGroupBox* digitBox = buildDigitBox();
  QGroupBox* pathBox = buildPathBox();
  controls_ = new RunControls("Run", this);
  exportStrip_ = new QPushButton("Export strip…", this);
  exportCsv_ = new QPushButton("Export CSV…", this);
  auto* exports = new QHBoxLayout;
  exports->addWidget(exportStrip_);
  exports->addWidget(exportCsv_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(digitBox, 1);
  layout->addWidget(pathBox);
  layout->addWidget(controls_);
  layout->addLayout(exports);
  connectEdits();
}

// The loaded digits' source, the thumbnail grid and the drop targets for digits of one's own.
QGroupBox* MnistPanel::buildDigitBox() {
  source_ = new QLabel(this);
  source_->setWordWrap(true);
  open_ = new QPushButton("Open IDX images…", this);
  thumbnails_ = new QListWidget(this);
  thumbnails_->setViewMode(QListView::IconMode);
  thumbnails_->setIconSize(QSize(42, 42));
  thumbnails_->setGridSize(QSize(50, 50));
  thumbnails_->setResizeMode(QListView::Adjust);
  thumbnails_->setMovement(QListView::Static);
  thumbnails_->setMinimumHeight(160);
  startDrop_ = new ImageDropTarget("Start digit", this);
  endDrop_ = new ImageDropTarget("End digit", this);
  for (ImageDropTarget* drop : {startDrop_, endDrop_}) {
    drop->setMinimumSize(80, 80);
    drop->setMaximumHeight(90);
  }
  startDrop_->setToolTip(
      "Drop an image of a digit (any size; dark on white is inverted) to "
      "start from it instead of the grid's digit");
  endDrop_->setToolTip("Drop an image of another digit to end at it (two-digit interpolation)");
  auto* useGrid = new QPushButton("Use\nthe grid", this);
  useGrid->setToolTip("Forget the dropped digits");

  auto* box = new QGroupBox("Digit", this);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(source_);
  layout->addWidget(open_);
  layout->addWidget(thumbnails_, 1);
  auto* drops = new QHBoxLayout;
  drops->addWidget(startDrop_);
  drops->addWidget(endDrop_);
  drops->addWidget(useGrid);
  layout->addLayout(drops);
  connect(thumbnails_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) emit digitPicked(row);
  });
  connect(thumbnails_, &QListWidget::itemClicked, this, [this] { startDrop_->clear(); });
  connect(useGrid, &QPushButton::clicked, this, [this] {
    startDrop_->clear();
    endDrop_->clear();
  });
  return box;
}

// The path's parameters, one row each.
QGroupBox* MnistPanel::buildPathBox() {
  fromAngle_ = new QDoubleSpinBox(this);
  toAngle_ = new QDoubleSpinBox(this);
  for (QDoubleSpinBox* angle : {fromAngle_, toAngle_}) {
    angle->setRange(-360, 360);
    angle->setSuffix("°");
    angle->setDecimals(0);
  }
  toAngle_->setValue(90);
  points_ = new QSpinBox(this);
  points_->setRange(3, 40);
  points_->setValue(12);
  endDigit_ = new QSpinBox(this);
  endDigit_->setRange(-1, kThumbnails - 1);
  endDigit_->setValue(-1);
  endDigit_->setSpecialValueText("same digit (rotation)");
  endDigit_->setToolTip(
      "End at another digit of the grid (index): an interpolation between two "
      "digits, without a ground truth");
  createScoreControls();
  metric_ = new QComboBox(this);
  // The two metrics the methods use, labelled by the registry.
  for (const auto& [kind, note] : {std::pair{MetricKind::Pullback, " (best measured)"},
                                   std::pair{MetricKind::Score, " (the paper's)"}})
    metric_->addItem(QString::fromStdString(describeMetric(kind).label) + note,
                     QString::fromStdString(toString(kind)));
  metric_->setToolTip(
      "The metric the geodesic minimises. The paper's geodesic (score metric from SLERP) always "
      "runs beside the chosen one, so the two can be compared (docs/rotated-mnist.md)");
  initialization_ = new QComboBox(this);
  initialization_->addItem("data graph (best measured)", "graph");
  initialization_->addItem("SLERP (the paper's)", "slerp");
  initialization_->addItem("straight line", "lerp");
  initialization_->setToolTip(
      "The solver's starting path. Data graph: the shortest path through a neighbour graph of "
      "reference digits (the digit's rotations for the exact score; training digits nearest to "
      "the ends for the U-Net), which follows the rotation instead of cutting across it");
  solver_ = new QComboBox(this);
  solver_->addItem("auto", "");
  addSolverItems(solver_);
  solver_->setToolTip(
      "auto: Adam for the pullback metric (Gauss–Newton on it is slow in 784-D), "
      "Gauss–Newton for the score metric");
  perturb_ = new QCheckBox("Perturb both ends with the same noise (paper)", this);
  perturb_->setChecked(true);
  rotationStart_ = new QCheckBox("Start on the true rotations (diagnostic)", this);
  rotationStart_->setToolTip(
      "Start the solver from the true rotations (with the same noise) instead of SLERP: not a "
      "method, but it shows whether the metric keeps a rotation-following path "
      "(docs/rotated-mnist.md)");
  auto* box = new QGroupBox("Path", this);
  auto* form = new QFormLayout(box);
  form->addRow("From angle", fromAngle_);
  form->addRow("To angle", toAngle_);
  form->addRow("Points", points_);
  form->addRow("End digit", endDigit_);
  form->addRow("Score", score_);
  form->addRow("t", timestep_);
  form->addRow("DDIM steps", ddimSteps_);
  form->addRow("σ", sigma_);
  form->addRow("λ", lambda_);
  form->addRow("Metric", metric_);
  form->addRow("Initial path", initialization_);
  form->addRow("Solver", solver_);
  form->addRow(perturb_);
  form->addRow(rotationStart_);
  return box;
}

// The score (exact or the U-Net) and its parameters: t and DDIM steps for the U-Net, σ for the
// exact score, λ for both.
void MnistPanel::createScoreControls() {
  score_ = new QComboBox(this);
  score_->addItem("exact: the digit's rotations", "exact");
  score_->addItem("U-Net trained by geodex", "model");
  score_->setToolTip(
      "exact: the empirical score of 360 rotations of the digit, smoothed at σ, "
      "with Tweedie denoising. U-Net: resources/models/rotated-mnist-unet.pt at "
      "level t, with DDIM denoising (the paper's pipeline)");
  timestep_ = new QSpinBox(this);
  timestep_->setRange(1, 999);
  timestep_->setValue(RotatedDigitGeodesicOptions::kDefaultTimestep);
  timestep_->setToolTip(
      "Diffusion level t of the U-Net's score (the paper: 400 of 1000; from 400 "
      "DDIM no longer returns the ends to their digits, hence 200)");
  ddimSteps_ = new QSpinBox(this);
  ddimSteps_->setRange(1, 200);
  ddimSteps_->setValue(50);
  ddimSteps_->setToolTip("Deterministic DDIM steps from level t to a clean image");
  sigma_ = new QDoubleSpinBox(this);
  sigma_->setRange(0.1, 5.0);
  sigma_->setSingleStep(0.1);
  sigma_->setValue(1.0);
  sigma_->setToolTip(
      "Noise level of the smoothed rotations (pixel values in [0, 1]); at σ = 1 "
      "neighbouring 1° rotations (0.61 apart) merge into one smooth curve");
  lambda_ = new QDoubleSpinBox(this);
  applyNumberSetting(lambda_, findMetricParameter("lambda")->setting);
  lambda_->setValue(MetricOptions{}.lambda);
}

void MnistPanel::connectEdits() {
  for (QDoubleSpinBox* box : {fromAngle_, toAngle_, sigma_, lambda_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &MnistPanel::edited);
  for (QSpinBox* box : {points_, endDigit_, timestep_, ddimSteps_})
    connect(box, &QSpinBox::valueChanged, this, &MnistPanel::edited);
  const auto showScoreControls = [this] {
    const bool model = useModel();
    timestep_->setEnabled(model);
    ddimSteps_->setEnabled(model);
    sigma_->setEnabled(!model);
  };
  showScoreControls();
  connect(score_, &QComboBox::currentIndexChanged, this, [this, showScoreControls] {
    showScoreControls();
    emit edited();
  });
  connect(solver_, &QComboBox::currentIndexChanged, this, &MnistPanel::edited);
  connect(metric_, &QComboBox::currentIndexChanged, this, &MnistPanel::edited);
  connect(initialization_, &QComboBox::currentIndexChanged, this, &MnistPanel::edited);
  for (QCheckBox* box : {perturb_, rotationStart_})
    connect(box, &QCheckBox::toggled, this, &MnistPanel::edited);
  connect(endDigit_, &QSpinBox::valueChanged, this, [this] { endDrop_->clear(); });
}

void MnistPanel::showDigits(const IdxImages& images, const QString& source, int current) {
  source_->setText(source);
  thumbnails_->blockSignals(true);
  thumbnails_->clear();
  for (int k = 0; k < std::min(images.count, kThumbnails); ++k) {
    const QImage image = greyImage(idxImageVector(images, k), images.rows, images.cols);
    auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(image.scaled(42, 42))), QString());
    item->setToolTip(QString("digit %1").arg(k));
    thumbnails_->addItem(item);
  }
  thumbnails_->setCurrentRow(current);
  thumbnails_->blockSignals(false);
}

void MnistPanel::showSourceMessage(const QString& text) {
  source_->setText(text);
}

QString MnistPanel::sourceText() const {
  return source_->text();
}

void MnistPanel::selectDigit(int index) {
  if (index >= 0 && index < thumbnails_->count()) thumbnails_->setCurrentRow(index);
}

void MnistPanel::setEndDigit(int index) {
  endDigit_->setValue(index);
}

void MnistPanel::setAngles(double from, double to) {
  fromAngle_->setValue(from);
  toAngle_->setValue(to);
}

void MnistPanel::setPoints(int points) {
  points_->setValue(points);
}

void MnistPanel::setScore(const QString& score) {
  if (const int index = score_->findData(score); index >= 0) score_->setCurrentIndex(index);
}

void MnistPanel::setMethod(const QString& metric, const QString& initialization) {
  if (const int index = metric_->findData(metric); index >= 0) metric_->setCurrentIndex(index);
  if (const int index = initialization_->findData(initialization); index >= 0)
    initialization_->setCurrentIndex(index);
}

void MnistPanel::setTimestep(int t) {
  timestep_->setValue(t);
}

void MnistPanel::setDdimSteps(int steps) {
  ddimSteps_->setValue(steps);
}

bool MnistPanel::useModel() const {
  return score_->currentData().toString() == "model";
}

int MnistPanel::endDigit() const {
  return endDigit_->value();
}

RotatedDigitGeodesicMethod MnistPanel::chosenMethod() const {
  // The metric's method from the chosen start, named by core (the straight line too).
  RotatedDigitGeodesicMethod method = rotatedDigitMethod(
      parseMetricKind(metric_->currentData().toString().toStdString()),
      parsePathInitialization(initialization_->currentData().toString().toStdString()));
  const QString solver = solver_->currentData().toString();
  if (!solver.isEmpty()) method.solver = parseGeodesicSolverKind(solver.toStdString());
  return method;
}

RotatedDigitGeodesicOptions MnistPanel::options() const {
  RotatedDigitGeodesicOptions o;
  o.fromAngle = fromAngle_->value();
  o.toAngle = toAngle_->value();
  o.points = points_->value();
  o.sigma = sigma_->value();
  o.metric.lambda = lambda_->value();
  o.perturb = perturb_->isChecked();
  o.startFromTrueRotations = rotationStart_->isChecked();  // ignored for two digits
  o.timestep = timestep_->value();
  o.ddimSteps = ddimSteps_->value();
  o.methods = {chosenMethod()};
  if (o.methods.front().name != "paper-slerp")
    o.methods.push_back(rotatedDigitMethod("paper-slerp"));
  return o;
}

}  // namespace geodex
