#include "ui/mnist/mnist_page.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/data/digit_image.h"
#include "core/data/digit_reference_pool.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/pipelines/rotated_digit_embedding.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/shipped_file.h"
#include "ui/common/grey_images.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/image_strip_view.h"
#include "ui/common/job_runner.h"
#include "ui/common/messages.h"
#include "ui/common/png_file.h"
#include "ui/common/run_controls.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/mnist/mnist_embedding_scene.h"
#include "ui/mnist/rotated_digit_numbers.h"

namespace geodex {

namespace {

const QString kTruthLabel = "true rotation";
const char* const kPaperMethod = "paper-slerp";

bool hasMethod(const RotatedDigitGeodesicResult& result, const std::string& name) {
  for (const auto& m : result.methods)
    if (m.method == name) return true;
  return false;
}

}  // namespace

MnistPage::MnistPage(QWidget* parent)
    : ModePage(parent),
      jobs_(new JobRunner("geodex jobs", this)),
      panel_(new MnistPanel(this)),
      strips_(new ImageStripView(this)),
      embeddingView_(new VtkOpenGlWidget(this)) {
  embeddingView_->setInteractionMode3D(true);
  embedding_ = std::make_unique<MnistEmbeddingScene>(embeddingView_->renderer());
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(strips_);
  right->addWidget(embeddingView_);
  right->setSizes({320, 480});
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(right);
  split->addWidget(RunControls::scrollable(panel_, 380, this));
  split->setStretchFactor(0, 1);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  QAction* open = addFileAction("Open &IDX images…", [this] {
    const QString path = QFileDialog::getOpenFileName(this, "Open IDX images", {},
                                                      "IDX images (*idx3-ubyte*);;All files (*)");
    if (path.isEmpty()) return;
    if (const QString error = loadImages(path); !error.isEmpty()) showError(error);
  });
  QAction* strip = addExport("Export strip as &PNG…", "PNG image (*.png)", "png",
                             [this](const QString& path) { return exportStrip(path); });
  QAction* csv = addExport("Export paths as &CSV…", "CSV (*.csv)", "csv",
                           [this](const QString& path) { return exportCsv(path); });
  connect(panel_->openButton(), &QPushButton::clicked, open, &QAction::trigger);
  connect(panel_->exportStripButton(), &QPushButton::clicked, strip, &QAction::trigger);
  connect(panel_->exportCsvButton(), &QPushButton::clicked, csv, &QAction::trigger);

  RunControls* controls = panel_->controls();
  controls->follow(jobs_, "Computing…");
  connect(this, &ModePage::statusMessage, controls, &RunControls::setStatus);
  connect(controls, &RunControls::runClicked, this, &MnistPage::run);
  connect(controls, &RunControls::cancelClicked, this, &MnistPage::cancel);
  connect(jobs_, &JobRunner::progressed, this,
          [this](double fraction) { emit progressed(fraction); });
  connect(jobs_, &JobRunner::snapshotReady, this, &MnistPage::showLivePath);
  connect(panel_, &MnistPanel::edited, this, &MnistPage::scheduleRun);
  connect(panel_, &MnistPanel::digitPicked, this, &MnistPage::onDigitPicked);
  for (auto [drop, dropped] : {std::pair{panel_->startDrop(), &droppedStart_},
                               std::pair{panel_->endDrop(), &droppedEnd_}}) {
    connect(drop, &ImageDropTarget::imageChanged, this, [this, drop, dropped](const QString& path) {
      *dropped = path.isEmpty() ? std::nullopt : digitFromDrop(*drop);
      scheduleRun();
    });
    connect(drop, &ImageDropTarget::loadFailed, this, &MnistPage::showError);
  }

  modelPath_ = defaultModelPath();
  if (const QString error = loadImages(defaultImagesPath()); !error.isEmpty())
    panel_->showSourceMessage(error);
}

MnistPage::~MnistPage() {
  jobs_->cancel();
}

QString MnistPage::statusHint() const {
  return "Rotated MNIST: pick a digit and two angles (or an end digit); score: the digit's exact "
         "rotations or geodex's U-Net.";
}

QLabel* MnistPage::resultLabel() const {
  return panel_->controls()->numbersLabel();
}

QLabel* MnistPage::statusLabel() const {
  return panel_->controls()->statusLabel();
}

QPushButton* MnistPage::cancelButton() const {
  return panel_->controls()->cancelButton();
}

ImageDropTarget* MnistPage::startDropTarget() const {
  return panel_->startDrop();
}

QString MnistPage::defaultImagesPath() {
  const QString file = "t10k-images-idx3-ubyte";
  if (const QString mnist = QDir(QString::fromStdString(mnistDirectory())).filePath(file);
      QFileInfo::exists(mnist) || !qEnvironmentVariable("GEODEX_MNIST_DIR").isEmpty())
    return mnist;
  return QString::fromStdString(resolveShippedFile(kShippedMnistSlice));
}

QString MnistPage::defaultModelPath() {
  return QString::fromStdString(resolveShippedFile(kShippedDigitModel));
}

void MnistPage::setModelPath(const QString& path) {
  if (path == modelPath_) return;
  modelPath_ = path;
  model_.reset();
  scheduleRun();
}

void MnistPage::setScore(const QString& score) {
  panel_->setScore(score);
}
void MnistPage::setMethod(const QString& metric, const QString& initialization) {
  panel_->setMethod(metric, initialization);
}
void MnistPage::setTimestep(int t) {
  panel_->setTimestep(t);
}
void MnistPage::setDdimSteps(int steps) {
  panel_->setDdimSteps(steps);
}
void MnistPage::setEndDigit(int index) {
  panel_->setEndDigit(index);
}
void MnistPage::setAngles(double from, double to) {
  panel_->setAngles(from, to);
}
void MnistPage::setPoints(int points) {
  panel_->setPoints(points);
}

QString MnistPage::loadImages(const QString& path) {
  IdxImages loaded;
  if (const QString error = messageOf([&] { loaded = readIdxImages(path.toStdString()); });
      !error.isEmpty())
    return error;
  if (loaded.count == 0) return QString("'%1' holds no images").arg(path);
  jobs_->cancel();
  images_ = std::move(loaded);
  imagesPath_ = path;
  digitIndex_ = std::min(digitIndex_, std::min(images_.count, kThumbnails) - 1);
  panel_->showDigits(
      images_, QString("%1 digits from %2").arg(images_.count).arg(QFileInfo(path).fileName()),
      digitIndex_);
  scheduleRun();
  return {};
}

void MnistPage::setDigit(int index) {
  if (index < 0 || index >= std::min(images_.count, kThumbnails)) return;
  panel_->selectDigit(index);
}

void MnistPage::onDigitPicked(int index) {
  if (index == digitIndex_) return;
  digitIndex_ = index;
  panel_->startDrop()->clear();  // the grid's digit replaces a dropped one
  scheduleRun();
}

bool MnistPage::isIdle() const {
  return jobs_->isIdle();
}

void MnistPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!result_ && isIdle()) scheduleRun();
}

std::optional<Eigen::VectorXd> MnistPage::digitFromDrop(const ImageDropTarget& target) {
  if (images_.rows != images_.cols) {
    showError("dropped digits need a square digit set; this one is " +
              QString("%1×%2").arg(images_.rows).arg(images_.cols));
    return std::nullopt;
  }
  return digitFromImage(target.image(), images_.rows);
}

void MnistPage::scheduleRun() {
  // Hidden pages wait: their first showing starts the computation.
  if (images_.count == 0 || !isVisible()) return;
  start(true);
}

void MnistPage::run() {
  start(false);
}

void MnistPage::cancel() {
  jobs_->cancel();
}

void MnistPage::start(bool debounced) {
  if (images_.count == 0) return;
  const Eigen::VectorXd pixels =
      droppedStart_ ? *droppedStart_ : idxImageVector(images_, digitIndex_);
  const int rows = images_.rows, cols = images_.cols;
  const int endIndex = panel_->endDigit();
  if (endIndex >= images_.count) {
    panel_->controls()->setStatus(QString("There is no digit %1 in this set.").arg(endIndex));
    return;
  }
  // The end: a dropped digit, another digit of the grid, or the start digit itself (rotation).
  const bool twoDigits =
      droppedEnd_ || (endIndex >= 0 && (droppedStart_ || endIndex != digitIndex_));
  const RotatedDigitGeodesicOptions o = panel_->options();
  if (!twoDigits && std::abs(o.fromAngle - o.toAngle) < 1) {
    panel_->controls()->setStatus("Choose two different angles (or an end digit).");
    return;
  }
  const Eigen::VectorXd endPixels = droppedEnd_ ? *droppedEnd_
                                    : twoDigits ? idxImageVector(images_, endIndex)
                                                : pixels;
  const bool useModel = panel_->useModel();
  const QString modelPath = modelPath_;
  const std::shared_ptr<const DigitDiffusionModel> loadedModel = model_;
  const QString digitKey = droppedStart_ ? "dropped:" + panel_->startDrop()->path()
                                         : QString("%1#%2").arg(imagesPath_).arg(digitIndex_);
  const auto fitted = embeddingDigit_ == digitKey ? embeddingFit_ : nullptr;
  auto job = [=, this](const JobRunner::Context& context) {
    RotatedDigitGeodesicOptions options = o;
    if (useModel) {
      // Loaded here, off the GUI thread, once per file; a bad file fails this job with its message.
      options.model = loadedModel
                          ? loadedModel
                          : DigitDiffusionModel::load(modelPath.toStdString(), DeviceChoice::Auto);
      if (!loadedModel)
        context.deliver([this, model = options.model, modelPath] {
          if (modelPath_ == modelPath) model_ = model;
        });
    }
    if (options.model && usesGraphStart(options)) {
      // The graph start with the U-Net runs through training digits near the ends (never the
      // test digit's own rotations, which are the ground truth), as geodex-cli: read once per
      // session, its ranking remembered for the same ends.
      const std::string pool = mnistDirectory() + "/train-images-idx3-ubyte";
      if (!std::filesystem::exists(pool))
        throw IoError("the data-graph start with the U-Net needs the MNIST training digits ('" +
                      pool + "' is missing: run datasets/fetch_mnist.sh), or choose SLERP");
      options.graphImages = nearestPoolDigits(*DigitReferencePool::open(pool), pixels,
                                              endPixels, rows, cols, options, {});
    }
    const RotatedDigitGeodesic experiment =
        twoDigits ? RotatedDigitGeodesic::pair(pixels, endPixels, rows, cols, options)
                  : RotatedDigitGeodesic::rotation(pixels, rows, cols, options);
    // The rotations' principal axes, for the view (before the solve, so the live path shows).
    const auto embedding =
        fitted ? fitted : std::make_shared<const RotatedDigitEmbedding>(pixels, rows, cols);
    context.deliver([this, embedding, digitKey, truth = experiment.truth(), model = options.model,
                     t = options.timestep] {
      liveModel_ = model;
      liveTimestep_ = t;
      showTruth(embedding, digitKey, truth);
    });
    const RotatedDigitGeodesicResult result = experiment.solve(context.control());
    context.deliver([this, result] { showResult(result); });
  };
  if (debounced)
    jobs_->request(job, kDebounceMs);
  else
    jobs_->runNow(job);
}

void MnistPage::showTruth(const std::shared_ptr<const RotatedDigitEmbedding>& embedding,
                          const QString& digitKey, const Eigen::MatrixXd& truth) {
  embeddingFit_ = embedding;
  embeddingDigit_ = digitKey;
  if (truth.cols() > 0)
    strips_->setRows({{kTruthLabel, greyImages(truth, images_.rows, images_.cols)}});
  else
    strips_->setRows({});
  embedding_->setManifold(embedding->curve(), embedding->project(truth));
  embeddingView_->requestRender();
}

void MnistPage::showLivePath(const Eigen::MatrixXd& path, int iteration) {
  // Level-σ points are images already; the model's level-t points are shown unscaled,
  // x_t/√ᾱ_t mapped back to [0, 1].
  const Eigen::MatrixXd images =
      liveModel_ ? liveModel_->unscaledImages(path, liveTimestep_) : path;
  const QString label =
      QString("solving, iteration %1 (at level %2)").arg(iteration).arg(liveModel_ ? "t" : "σ");
  std::vector<ImageStripView::Row> rowsShown{
      {label, greyImages(images, images_.rows, images_.cols)}};
  // Keep the true rotation row at the bottom.
  if (strips_->rowCount() > 0 && strips_->row(strips_->rowCount() - 1).label == kTruthLabel)
    rowsShown.push_back(strips_->row(strips_->rowCount() - 1));
  strips_->setRows(std::move(rowsShown));
  if (embeddingFit_) {
    embedding_->setPaths(embeddingFit_->project(images), label, {}, {}, {});
    embeddingView_->requestRender();
  }
}

void MnistPage::showResult(const RotatedDigitGeodesicResult& result) {
  result_ = result;
  RunControls* controls = panel_->controls();
  controls->setProgress(1.0);
  const int rows = images_.rows, cols = images_.cols;
  std::vector<ImageStripView::Row> rowsShown;
  // A row per method: the chosen one first, the paper's beside it, then LERP and SLERP.
  for (const RotatedDigitMethodResult& m : result.methods)
    rowsShown.push_back({methodLabel(m.method), greyImages(m.images, rows, cols)});
  const bool truth = result.truth.cols() > 0;
  if (truth) rowsShown.push_back({kTruthLabel, greyImages(result.truth, rows, cols)});
  strips_->setRows(std::move(rowsShown));
  if (embeddingFit_) {
    const RotatedDigitMethodResult& chosen = result.methods.front();
    const bool paperShown = chosen.method != kPaperMethod && hasMethod(result, kPaperMethod);
    embedding_->setPaths(
        embeddingFit_->project(chosen.images), methodLabel(chosen.method) + " (denoised)",
        paperShown ? embeddingFit_->project(result.method(kPaperMethod).images) : Eigen::MatrixXd(),
        embeddingFit_->project(result.method("lerp").images),
        embeddingFit_->project(result.method("slerp").images));
    embeddingView_->requestRender();
  }
  controls->setNumbers(rotatedDigitTable(result));
  controls->setStatus(rotatedDigitSummary(result));
  emit resultShown();
}

void MnistPage::showError(const QString& message) {
  reportError("Rotated MNIST", message);
  panel_->controls()->setStatus(message);
}

QString MnistPage::exportStrip(const QString& path) {
  if (strips_->rowCount() == 0) return "there is no strip yet";
  return writePngFile(strips_->compose(QSize(56, 56)), path);
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
  return messageOf([&] { writeFileAtomically(path.toStdString(), csv.str()); });
}

}  // namespace geodex
