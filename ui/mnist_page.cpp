#include "ui/mnist_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/data/digit_image.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/eval/pca_projection.h"
#include "core/util/atomic_file.h"
#include "ui/background_jobs.h"
#include "ui/image_drop_target.h"
#include "ui/image_strip_view.h"
#include "ui/mnist_embedding_scene.h"
#include "ui/png_file.h"
#include "ui/run_controls.h"
#include "ui/save_path_dialog.h"
#include "ui/vtk_open_gl_widget.h"

#ifndef GEODEX_SOURCE_DIR
#define GEODEX_SOURCE_DIR "."
#endif

namespace geodex {

namespace {

constexpr int kDebounceMs = 300;
constexpr int kLiveIntervalMs = 60;
constexpr int kEmbeddingRotations = 360;

// A column [rows·cols] in [0, 1] (row-major) as a grey image.
QImage toImage(const Eigen::VectorXd& pixels, int rows, int cols) {
  QImage image(cols, rows, QImage::Format_Grayscale8);
  for (int r = 0; r < rows; ++r) {
    uchar* line = image.scanLine(r);
    for (int c = 0; c < cols; ++c)
      line[c] = uchar(std::lround(std::clamp(pixels[r * cols + c], 0.0, 1.0) * 255.0));
  }
  return image;
}

std::vector<QImage> toImages(const Eigen::MatrixXd& columns, int rows, int cols) {
  std::vector<QImage> out;
  for (Eigen::Index j = 0; j < columns.cols(); ++j) out.push_back(toImage(columns.col(j), rows, cols));
  return out;
}

// The path points as images: level-σ points are images already; the model's level-t points
// are shown unscaled, x_t/√ᾱ_t mapped back to [0, 1].
Eigen::MatrixXd pathImages(const Eigen::MatrixXd& path, const RotatedDigitGeodesicOptions& o) {
  if (!o.model) return path;
  return o.model->unscaledImages(path, o.timestep);
}

QString number(double value, char format, int precision) {
  return std::isfinite(value) ? QString::number(value, format, precision) : QString("—");
}

// What the view needs besides the result: the projection of the digit's rotations.
struct Embedding {
  std::shared_ptr<const PcaProjection> pca;
  Eigen::MatrixXd curve;  // [3 × kEmbeddingRotations]
  Eigen::MatrixXd truth;  // [3 × points]
};

}  // namespace

MnistPage::MnistPage(QWidget* parent)
    : QWidget(parent), jobs_(new BackgroundJobs(this)), debounce_(new QTimer(this)) {
  source_ = new QLabel(this);
  source_->setWordWrap(true);
  auto* open = new QPushButton("Open IDX images…", this);
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
  startDrop_->setToolTip("Drop an image of a digit (any size; dark on white is inverted) to "
                         "start from it instead of the grid's digit");
  endDrop_->setToolTip("Drop an image of another digit to end at it (two-digit interpolation)");
  auto* useGrid = new QPushButton("Use\nthe grid", this);
  useGrid->setToolTip("Forget the dropped digits");

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
  endDigit_->setToolTip("End at another digit of the grid (index): an interpolation between two "
                        "digits, without a ground truth");
  score_ = new QComboBox(this);
  score_->addItem("exact: the digit's rotations", "exact");
  score_->addItem("U-Net trained by geodex", "model");
  score_->setToolTip("exact: the empirical score of 360 rotations of the digit, smoothed at σ, "
                     "with Tweedie denoising. U-Net: resources/models/rotated-mnist-unet.pt at "
                     "level t, with DDIM denoising (the paper's pipeline)");
  timestep_ = new QSpinBox(this);
  timestep_->setRange(1, 999);
  timestep_->setValue(RotatedDigitGeodesicOptions::kDefaultTimestep);
  timestep_->setToolTip("Diffusion level t of the U-Net's score (the paper: 400 of 1000; from 400 "
                        "DDIM no longer returns the ends to their digits, hence 200)");
  ddimSteps_ = new QSpinBox(this);
  ddimSteps_->setRange(1, 200);
  ddimSteps_->setValue(50);
  ddimSteps_->setToolTip("Deterministic DDIM steps from level t to a clean image");
  sigma_ = new QDoubleSpinBox(this);
  sigma_->setRange(0.1, 5.0);
  sigma_->setSingleStep(0.1);
  sigma_->setValue(1.0);
  sigma_->setToolTip("Noise level of the smoothed rotations (pixel values in [0, 1]); at σ = 1 "
                     "neighbouring 1° rotations (0.61 apart) merge into one smooth curve");
  lambda_ = new QDoubleSpinBox(this);
  lambda_->setRange(1, 1e5);
  lambda_->setDecimals(0);
  lambda_->setValue(1000);
  solver_ = new QComboBox(this);
  solver_->addItems({"fast", "adam"});
  perturb_ = new QCheckBox("Perturb both ends with the same noise (paper)", this);
  perturb_->setChecked(true);
  rotationStart_ = new QCheckBox("Start on the true rotations (diagnostic)", this);
  rotationStart_->setToolTip(
      "Start the solver from the true rotations (with the same noise) instead of SLERP: not a "
      "method, but it shows whether the metric keeps a rotation-following path "
      "(docs/rotated-mnist.md)");

  controls_ = new RunControls("Run", this);
  auto* exportStripButton = new QPushButton("Export strip…", this);
  auto* exportCsvButton = new QPushButton("Export CSV…", this);

  auto* dataBox = new QGroupBox("Digit", this);
  auto* dataLayout = new QVBoxLayout(dataBox);
  dataLayout->addWidget(source_);
  dataLayout->addWidget(open);
  dataLayout->addWidget(thumbnails_, 1);
  auto* drops = new QHBoxLayout;
  drops->addWidget(startDrop_);
  drops->addWidget(endDrop_);
  drops->addWidget(useGrid);
  dataLayout->addLayout(drops);
  auto* pathBox = new QGroupBox("Path", this);
  auto* pathForm = new QFormLayout(pathBox);
  pathForm->addRow("From angle", fromAngle_);
  pathForm->addRow("To angle", toAngle_);
  pathForm->addRow("Points", points_);
  pathForm->addRow("End digit", endDigit_);
  pathForm->addRow("Score", score_);
  pathForm->addRow("t", timestep_);
  pathForm->addRow("DDIM steps", ddimSteps_);
  pathForm->addRow("σ", sigma_);
  pathForm->addRow("λ", lambda_);
  pathForm->addRow("Solver", solver_);
  pathForm->addRow(perturb_);
  pathForm->addRow(rotationStart_);
  auto* exports = new QHBoxLayout;
  exports->addWidget(exportStripButton);
  exports->addWidget(exportCsvButton);

  auto* panel = new QWidget(this);
  auto* panelLayout = new QVBoxLayout(panel);
  panelLayout->addWidget(dataBox, 1);
  panelLayout->addWidget(pathBox);
  panelLayout->addWidget(controls_);
  panelLayout->addLayout(exports);
  QScrollArea* scroll = RunControls::scrollable(panel, 380, this);

  strips_ = new ImageStripView(this);
  embeddingView_ = new VtkOpenGlWidget(this);
  embeddingView_->setInteractionMode3D(true);
  embedding_ = std::make_unique<MnistEmbeddingScene>(embeddingView_->renderer());
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(strips_);
  right->addWidget(embeddingView_);
  right->setSizes({320, 480});
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(right);
  split->addWidget(scroll);
  split->setStretchFactor(0, 1);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  debounce_->setSingleShot(true);
  debounce_->setInterval(kDebounceMs);
  connect(debounce_, &QTimer::timeout, this, &MnistPage::run);
  for (QDoubleSpinBox* box : {fromAngle_, toAngle_, sigma_, lambda_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &MnistPage::scheduleRun);
  for (QSpinBox* box : {points_, endDigit_, timestep_, ddimSteps_})
    connect(box, &QSpinBox::valueChanged, this, &MnistPage::scheduleRun);
  const auto showScoreControls = [this] {
    const bool model = score_->currentData().toString() == "model";
    timestep_->setEnabled(model);
    ddimSteps_->setEnabled(model);
    sigma_->setEnabled(!model);
  };
  showScoreControls();
  connect(score_, &QComboBox::currentIndexChanged, this, [this, showScoreControls] {
    showScoreControls();
    scheduleRun();
  });
  connect(solver_, &QComboBox::currentIndexChanged, this, &MnistPage::scheduleRun);
  for (QCheckBox* box : {perturb_, rotationStart_})
    connect(box, &QCheckBox::toggled, this, &MnistPage::scheduleRun);
  connect(thumbnails_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row != digitIndex_) {
      digitIndex_ = row;
      startDrop_->clear();  // the grid's digit replaces a dropped one
      scheduleRun();
    }
  });
  connect(thumbnails_, &QListWidget::itemClicked, this, [this] { startDrop_->clear(); });
  connect(endDigit_, &QSpinBox::valueChanged, this, [this] { endDrop_->clear(); });
  connect(useGrid, &QPushButton::clicked, this, [this] {
    startDrop_->clear();
    endDrop_->clear();
  });
  for (auto [drop, dropped] : {std::pair{startDrop_, &droppedStart_}, std::pair{endDrop_, &droppedEnd_}}) {
    connect(drop, &ImageDropTarget::imageChanged, this, [this, drop, dropped](const QString& path) {
      *dropped = path.isEmpty() ? std::nullopt : digitFromDrop(*drop);
      scheduleRun();
    });
    connect(drop, &ImageDropTarget::loadFailed, this, &MnistPage::reportError);
  }
  connect(controls_, &RunControls::runClicked, this, &MnistPage::run);
  connect(controls_, &RunControls::cancelClicked, this, &MnistPage::cancel);
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, "Open IDX images", {},
                                                      "IDX images (*idx3-ubyte*);;All files (*)");
    if (path.isEmpty()) return;
    if (const QString error = loadImages(path); !error.isEmpty()) reportError(error);
  });
  const auto exportWith = [this](const QString& filter, const QString& suffix,
                                 QString (MnistPage::*action)(const QString&)) {
    const QString path = askSavePath(this, "Export", filter, suffix);
    if (path.isEmpty()) return;
    if (const QString error = (this->*action)(path); !error.isEmpty()) reportError(error);
  };
  connect(exportStripButton, &QPushButton::clicked, this,
          [=] { exportWith("PNG image (*.png)", "png", &MnistPage::exportStrip); });
  connect(exportCsvButton, &QPushButton::clicked, this,
          [=] { exportWith("CSV (*.csv)", "csv", &MnistPage::exportCsv); });
  connect(jobs_, &BackgroundJobs::started, this, [this] {
    controls_->setBusy(true);
    controls_->setStatus("Computing…");
  });
  connect(jobs_, &BackgroundJobs::failed, this, [this](const QString& message) {
    controls_->setBusy(false);
    controls_->setStatus("Failed: " + message);
  });
  connect(jobs_, &BackgroundJobs::cancelled, this, [this] {
    controls_->setBusy(false);
    controls_->setStatus("Cancelled.");
  });

  modelPath_ = defaultModelPath();
  const QString path = defaultImagesPath();
  if (const QString error = loadImages(path); !error.isEmpty()) source_->setText(error);
}

MnistPage::~MnistPage() {
  jobs_->cancel();
}

QLabel* MnistPage::resultLabel() const {
  return controls_->numbersLabel();
}

QLabel* MnistPage::statusLabel() const {
  return controls_->statusLabel();
}

QPushButton* MnistPage::cancelButton() const {
  return controls_->cancelButton();
}

QString MnistPage::defaultImagesPath() {
  const QString file = "t10k-images-idx3-ubyte";
  if (const QString dir = qEnvironmentVariable("GEODEX_MNIST_DIR"); !dir.isEmpty())
    return QDir(dir).filePath(file);
  const QDir source(GEODEX_SOURCE_DIR);
  if (QFileInfo::exists(source.filePath("datasets/mnist/" + file)))
    return source.filePath("datasets/mnist/" + file);
  return source.filePath("tests/data/mnist-slice-images-idx3-ubyte");
}

QString MnistPage::defaultModelPath() {
  return QDir(GEODEX_SOURCE_DIR).filePath("resources/models/rotated-mnist-unet.pt");
}

void MnistPage::setModelPath(const QString& path) {
  if (path == modelPath_) return;
  modelPath_ = path;
  model_.reset();
  scheduleRun();
}

void MnistPage::setScore(const QString& score) {
  if (const int index = score_->findData(score); index >= 0) score_->setCurrentIndex(index);
}

void MnistPage::setTimestep(int t) {
  timestep_->setValue(t);
}

void MnistPage::setDdimSteps(int steps) {
  ddimSteps_->setValue(steps);
}

void MnistPage::setEndDigit(int index) {
  endDigit_->setValue(index);
}

QString MnistPage::loadImages(const QString& path) {
  IdxImages loaded;
  try {
    loaded = readIdxImages(path.toStdString());
  } catch (const std::exception& error) {
    return QString::fromUtf8(error.what());
  }
  if (loaded.count == 0) return QString("'%1' holds no images").arg(path);
  jobs_->cancel();
  images_ = std::move(loaded);
  imagesPath_ = path;
  source_->setText(QString("%1 digits from %2").arg(images_.count).arg(QFileInfo(path).fileName()));
  thumbnails_->blockSignals(true);
  thumbnails_->clear();
  for (int k = 0; k < std::min(images_.count, kThumbnails); ++k) {
    const Eigen::VectorXd pixels = idxImageVector(images_, k);
    auto* item = new QListWidgetItem(
        QIcon(QPixmap::fromImage(toImage(pixels, images_.rows, images_.cols).scaled(42, 42))),
        QString());
    item->setToolTip(QString("digit %1").arg(k));
    thumbnails_->addItem(item);
  }
  digitIndex_ = std::min(digitIndex_, std::min(images_.count, kThumbnails) - 1);
  thumbnails_->setCurrentRow(digitIndex_);
  thumbnails_->blockSignals(false);
  scheduleRun();
  return {};
}

void MnistPage::setDigit(int index) {
  if (index < 0 || index >= std::min(images_.count, kThumbnails)) return;
  thumbnails_->setCurrentRow(index);
}

void MnistPage::setAngles(double from, double to) {
  fromAngle_->setValue(from);
  toAngle_->setValue(to);
}

void MnistPage::setPoints(int points) {
  points_->setValue(points);
}

bool MnistPage::isIdle() const {
  return !jobs_->busy() && !debounce_->isActive();
}

void MnistPage::scheduleRun() {
  // Hidden pages wait: their first showing starts the computation.
  if (images_.count == 0 || !isVisible()) return;
  debounce_->start();
}

void MnistPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!result_ && isIdle()) scheduleRun();
}

RotatedDigitGeodesicOptions MnistPage::options() const {
  RotatedDigitGeodesicOptions o;
  o.fromAngle = fromAngle_->value();
  o.toAngle = toAngle_->value();
  o.points = points_->value();
  o.sigma = sigma_->value();
  o.lambda = lambda_->value();
  o.perturb = perturb_->isChecked();
  o.startFromTrueRotations = rotationStart_->isChecked();  // ignored for two digits
  o.timestep = timestep_->value();
  o.ddimSteps = ddimSteps_->value();
  o.geodesic.solver = parseGeodesicSolverKind(solver_->currentText().toStdString());
  return o;
}

Eigen::VectorXd MnistPage::digit() const {
  return droppedStart_ ? *droppedStart_ : idxImageVector(images_, digitIndex_);
}

std::optional<Eigen::VectorXd> MnistPage::digitFromDrop(const ImageDropTarget& target) {
  if (images_.rows != images_.cols) {
    reportError("dropped digits need a square digit set; this one is " +
                QString("%1×%2").arg(images_.rows).arg(images_.cols));
    return std::nullopt;
  }
  return digitFromImage(target.image(), images_.rows);
}

void MnistPage::run() {
  debounce_->stop();
  if (images_.count == 0) return;
  const Eigen::VectorXd pixels = digit();
  const int rows = images_.rows, cols = images_.cols;
  const int endIndex = endDigit_->value();
  if (endIndex >= images_.count) {
    controls_->setStatus(QString("There is no digit %1 in this set.").arg(endIndex));
    return;
  }
  // The end: a dropped digit, another digit of the grid, or the start digit itself (rotation).
  const bool twoDigits =
      droppedEnd_ || (endIndex >= 0 && (droppedStart_ || endIndex != digitIndex_));
  if (!twoDigits && std::abs(fromAngle_->value() - toAngle_->value()) < 1) {
    controls_->setStatus("Choose two different angles (or an end digit).");
    return;
  }
  const Eigen::VectorXd endPixels = droppedEnd_ ? *droppedEnd_
                                    : twoDigits ? idxImageVector(images_, endIndex)
                                                : pixels;
  const RotatedDigitGeodesicOptions o = options();
  const bool useModel = score_->currentData().toString() == "model";
  const QString modelPath = modelPath_;
  const std::shared_ptr<const DigitDiffusionModel> loadedModel = model_;
  if (twoDigits)
    strips_->setRows({});
  else
    strips_->setRows(
        {{"true rotation",
          toImages(rotatedCopies(pixels, rows, cols,
                                 evenlySpacedAngles(o.fromAngle, o.toAngle, o.points, true)),
                   rows, cols)}});
  const QString digitKey = droppedStart_ ? "dropped:" + startDrop_->path()
                                         : QString("%1#%2").arg(imagesPath_).arg(digitIndex_);
  auto cached = std::make_shared<Embedding>();
  if (pcaDigit_ == digitKey) {
    cached->pca = pca_;
    cached->curve = curve_;
  }
  jobs_->start([=, this](const BackgroundJobs::Context& context) {
    RotatedDigitGeodesicOptions options = o;
    if (useModel) {
      // Loaded here, off the GUI thread, once per file; a bad file fails this job with its message.
      options.model = loadedModel ? loadedModel
                                  : DigitDiffusionModel::load(modelPath.toStdString(),
                                                              DeviceChoice::Auto);
      if (!loadedModel)
        context.deliver([this, model = options.model, modelPath] {
          if (modelPath_ == modelPath) model_ = model;
        });
    }
    // The rotations' principal axes, for the view (before the solve, so the live path shows).
    auto embedding = std::make_shared<Embedding>(*cached);
    if (!embedding->pca) {
      const Eigen::MatrixXd copies = rotatedCopies(
          pixels, rows, cols, evenlySpacedAngles(0, 360, kEmbeddingRotations, false));
      embedding->pca = std::make_shared<const PcaProjection>(copies, 3);
      embedding->curve = embedding->pca->project(copies);
    }
    if (!twoDigits)
      embedding->truth = embedding->pca->project(rotatedCopies(
          pixels, rows, cols, evenlySpacedAngles(o.fromAngle, o.toAngle, o.points, true)));
    else
      embedding->truth = Eigen::MatrixXd(3, 0);
    context.deliver([this, embedding, digitKey] {
      pca_ = embedding->pca;
      curve_ = embedding->curve;
      pcaDigit_ = digitKey;
      embedding_->setManifold(embedding->curve, embedding->truth);
      embeddingView_->requestRender();
    });

    QElapsedTimer sinceLive;
    sinceLive.start();
    SolverControl control;
    control.cancel = context.cancel;
    control.progress = [&](double fraction, int, double) {
      context.deliver([this, fraction] {
        controls_->setProgress(fraction);
        emit progressed(fraction);
      });
    };
    control.snapshot = [&](const Eigen::MatrixXd& path, int iteration, double) {
      if (sinceLive.elapsed() < kLiveIntervalMs) return;
      sinceLive.restart();
      context.deliver([this, images = pathImages(path, options), iteration, useModel] {
        showLivePath(images, iteration, useModel);
      });
    };
    const RotatedDigitGeodesicResult result =
        twoDigits ? computeDigitPairGeodesic(pixels, endPixels, rows, cols, options, control)
                  : computeRotatedDigitGeodesic(pixels, rows, cols, options, control);
    if (result.cancelled) return;
    const int id = context.id;
    context.deliver([this, id, result] {
      jobs_->finish(id);
      showResult(result);
    });
  });
}

void MnistPage::cancel() {
  debounce_->stop();
  jobs_->cancel();
}

void MnistPage::showLivePath(const Eigen::MatrixXd& path, int iteration, bool atLevelT) {
  const QString label =
      QString("geodesic, iteration %1 (at level %2)").arg(iteration).arg(atLevelT ? "t" : "σ");
  const int rows = images_.rows, cols = images_.cols;
  std::vector<ImageStripView::Row> rowsShown{{label, toImages(path, rows, cols)}};
  // Keep the true rotation row at the bottom.
  if (strips_->rowCount() > 0 && strips_->row(strips_->rowCount() - 1).label == "true rotation")
    rowsShown.push_back(strips_->row(strips_->rowCount() - 1));
  strips_->setRows(std::move(rowsShown));
  if (pca_) {
    embedding_->setPaths(pca_->project(path), {}, {}, label);
    embeddingView_->requestRender();
  }
}

void MnistPage::showResult(const RotatedDigitGeodesicResult& result) {
  result_ = result;
  controls_->setBusy(false);
  controls_->setProgress(1.0);
  const int rows = images_.rows, cols = images_.cols;
  std::vector<ImageStripView::Row> rowsShown;
  for (const auto& [name, label] : {std::pair{"geodesic", "geodesic"}, std::pair{"lerp", "LERP"},
                                    std::pair{"slerp", "SLERP"}})
    rowsShown.push_back({label, toImages(result.method(name).images, rows, cols)});
  if (result.truth.cols() > 0)
    rowsShown.push_back({"true rotation", toImages(result.truth, rows, cols)});
  strips_->setRows(std::move(rowsShown));
  if (pca_) {
    embedding_->setPaths(pca_->project(result.method("geodesic").images),
                         pca_->project(result.method("lerp").images),
                         pca_->project(result.method("slerp").images), "geodesic (denoised)");
    embeddingView_->requestRender();
  }
  const bool truth = result.truth.cols() > 0;
  QString table = "<table width='100%'><tr><th align='left'>path</th><th>MSE</th><th>SSIM</th>"
                  "<th>angle err.</th><th>mono.</th><th>max/mean step</th><th>length</th></tr>";
  for (const RotatedDigitMethodResult& m : result.methods)
    table += QString("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                     "<td align='right'>%4</td><td align='center'>%5</td>"
                     "<td align='right'>%6</td><td align='right'>%7</td></tr>")
                 .arg(QString::fromStdString(m.method))
                 .arg(number(m.meanMse, 'g', 3))
                 .arg(number(m.meanSsim, 'f', 3))
                 .arg(truth ? number(m.meanAngleError, 'f', 1) + "°" : QString("—"))
                 .arg(truth ? (m.monotonic ? "yes" : "no") : "—")
                 .arg(number(m.imageStepUniformity.maxOverMean, 'f', 2))
                 .arg(m.length, 0, 'g', 4);
  controls_->setNumbers(table + "</table>");
  controls_->setStatus(
      QString("Done in %1 s (%2): %3 iterations, %4 score evaluations. %5")
          .arg(result.seconds, 0, 'f', 2)
          .arg(QString::fromStdString(result.score))
          .arg(result.solver.iterations)
          .arg(result.solver.scoreEvaluations)
          .arg(truth ? "MSE/SSIM: to the closest true rotation, over the interior points; "
                       "max/mean step: the largest image change over the mean one (1 = even)."
                     : "Two digits: no ground truth; max/mean step: the largest image change "
                       "over the mean one (1 = even)."));
  emit resultShown();
}

void MnistPage::reportError(const QString& message) {
  controls_->setStatus(message);
  auto* box = new QMessageBox(QMessageBox::Warning, "Rotated MNIST", message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

QString MnistPage::exportStrip(const QString& path) {
  if (strips_->rowCount() == 0) return "there is no strip yet";
  const QImage image = strips_->compose(QSize(56, 56));
  return writePngFile(image, path);
}

QString MnistPage::exportCsv(const QString& path) {
  if (!result_) return "there is no result yet: wait for the computation to finish";
  std::ostringstream csv;
  // The rotation columns stay empty for two digits (no ground truth).
  csv << "method,point,recovered_angle,mse_to_closest_rotation,ssim_to_closest_rotation,"
         "rms_step_from_previous\n";
  for (const RotatedDigitMethodResult& m : result_->methods)
    for (Eigen::Index k = 0; k < m.images.cols(); ++k) {
      csv << m.method << ',' << k << ',';
      if (size_t(k) < m.matches.size())
        csv << m.matches[k].angle << ',' << m.matches[k].mse << ',' << m.matches[k].ssim;
      else
        csv << ",,";
      csv << ',';
      if (k > 0) csv << m.imageSteps[k - 1];
      csv << '\n';
    }
  try {
    writeFileAtomically(path.toStdString(), csv.str());
  } catch (const std::exception& error) {
    return QString::fromUtf8(error.what());
  }
  return {};
}

}  // namespace geodex
