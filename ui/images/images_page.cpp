#include "ui/images/images_page.h"

#include <QCheckBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

#include "core/diffusion/stable_diffusion_model.h"
#include "core/geometry/metric_registry.h"
#include "core/io/frame_folder.h"
#include "core/io/frame_stack.h"
#include "core/io/gif_writer.h"
#include "core/io/video_writer.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/image_strip_view.h"
#include "ui/common/job_runner.h"
#include "ui/common/messages.h"
#include "ui/common/number_setting_box.h"
#include "ui/common/png_file.h"
#include "ui/common/run_controls.h"

namespace geodex {

namespace {

constexpr InterpolationMethod kMethods[4] = {InterpolationMethod::Geodesic,
                                             InterpolationMethod::Lerp, InterpolationMethod::Slerp,
                                             InterpolationMethod::NoiseDiffusion};
const char* const kMethodLabels[4] = {"geodesic", "LERP", "SLERP", "NoiseDiffusion"};

// A latent [C·h·w] as a false-colour h × w image: its first three channels, each scaled to the
// range of the whole path (so the frames of one path are comparable).
QImage latentPreview(const Eigen::VectorXd& latent, int channels, int height, int width,
                     double low, double high) {
  QImage image(width, height, QImage::Format_RGB32);
  const double span = std::max(high - low, 1e-12);
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < width; ++x) {
      int rgb[3] = {0, 0, 0};
      for (int c = 0; c < std::min(channels, 3); ++c)
        rgb[c] = int(std::clamp((latent[(c * height + y) * width + x] - low) / span, 0.0, 1.0) * 255);
      line[x] = qRgb(rgb[0], rgb[1], rgb[2]);
    }
  }
  return image;
}

}  // namespace

ImagesPage::ImagesPage(QWidget* parent) : ModePage(parent), jobs_(new JobRunner("geodex jobs", this)) {
  targetA_ = new ImageDropTarget("First image", this);
  targetB_ = new ImageDropTarget("Second image", this);
  modelFolder_ = new QLineEdit(this);
  modelFolder_->setReadOnly(true);
  modelFolder_->setPlaceholderText("no model: open or drop a Stable Diffusion checkpoint");
  modelInfo_ = new QLabel("Stable Diffusion 1.x or 2.x: a .safetensors checkpoint, a diffusers "
                          "folder, or a folder exported with tools/export_sd.py.", this);
  modelInfo_->setWordWrap(true);
  auto* openModelButton = new QPushButton("Open model…", this);
  auto* openFolderButton = new QPushButton("Open model folder…", this);
  imageSize_ = new QSpinBox(this);
  imageSize_->setRange(8, StableDiffusionModelOptions::kMaxImageSize);
  imageSize_->setSingleStep(64);
  imageSize_->setValue(StableDiffusionModelOptions::kDefaultCpuImageSize);
  imageSize_->setSuffix(" px");
  imageSize_->setToolTip("Side of the square images the model works on (checkpoints; a multiple of 64 for SD)");
  setAcceptDrops(true);
  points_ = new QSpinBox(this);
  points_->setRange(3, 64);
  points_->setValue(10);
  timestep_ = new QSpinBox(this);
  timestep_->setRange(-1, 999);
  timestep_->setValue(-1);
  timestep_->setSpecialValueText("paper (400 of 1000)");
  lambda_ = new QDoubleSpinBox(this);
  applyNumberSetting(lambda_, findMetricParameter("lambda")->setting);
  lambda_->setValue(MetricOptions{}.lambda);
  solver_ = new QComboBox(this);
  solver_->addItems({"fast", "adam"});
  iterations_ = new QSpinBox(this);
  iterations_->setRange(0, 5000);
  iterations_->setSpecialValueText("solver default");
  ddimSteps_ = new QSpinBox(this);
  ddimSteps_->setRange(1, 1000);
  ddimSteps_->setValue(ImageInterpolationOptions().ddimSteps);
  seed_ = new QSpinBox(this);
  seed_->setRange(0, 1 << 30);
  for (int k = 0; k < 4; ++k) {
    methods_[k] = new QCheckBox(kMethodLabels[k], this);
    methods_[k]->setChecked(true);
  }
  controls_ = new RunControls("Run", this);
  QPushButton* exportButtons[4] = {new QPushButton("Strip PNG…", this),
                                   new QPushButton("GIF…", this), new QPushButton("MP4…", this),
                                   new QPushButton("Frames…", this)};

  auto* inputs = new QGroupBox("Images and model", this);
  auto* inputsLayout = new QVBoxLayout(inputs);
  auto* drops = new QHBoxLayout;
  drops->addWidget(targetA_);
  drops->addWidget(targetB_);
  inputsLayout->addLayout(drops);
  inputsLayout->addWidget(modelFolder_);
  auto* openButtons = new QHBoxLayout;
  openButtons->addWidget(openModelButton);
  openButtons->addWidget(openFolderButton);
  inputsLayout->addLayout(openButtons);
  inputsLayout->addWidget(modelInfo_);
  auto* sizeRow = new QFormLayout;
  sizeRow->addRow("Image size", imageSize_);
  inputsLayout->addLayout(sizeRow);
  auto* parameters = new QGroupBox("Path", this);
  auto* form = new QFormLayout(parameters);
  form->addRow("Points", points_);
  form->addRow("Level t", timestep_);
  form->addRow("λ", lambda_);
  form->addRow("Solver", solver_);
  form->addRow("Iterations", iterations_);
  form->addRow("DDIM steps", ddimSteps_);
  form->addRow("Noise seed", seed_);
  auto* methodRow = new QHBoxLayout;
  for (QCheckBox* box : methods_) methodRow->addWidget(box);
  form->addRow(methodRow);
  auto* exports = new QHBoxLayout;
  for (QPushButton* button : exportButtons) exports->addWidget(button);

  auto* panel = new QWidget(this);
  auto* panelLayout = new QVBoxLayout(panel);
  panelLayout->addWidget(inputs);
  panelLayout->addWidget(parameters);
  panelLayout->addWidget(controls_);
  panelLayout->addLayout(exports);
  panelLayout->addStretch(1);
  QScrollArea* scroll = RunControls::scrollable(panel, 400, this);
  strips_ = new ImageStripView(this);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(strips_);
  split->addWidget(scroll);
  split->setStretchFactor(0, 1);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  QAction* open = addFileAction("Open Stable Diffusion &model…", [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, "Open a Stable Diffusion model", {},
        "Stable Diffusion checkpoints (*.safetensors);;Model folders (model_index.json model.json)");
    if (!path.isEmpty()) openModel(path);
  });
  QAction* openFolder = addFileAction("Open Stable Diffusion model &folder…", [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, "Open a diffusers or TorchScript model folder");
    if (!folder.isEmpty()) openModel(folder);
  });
  addFileSeparator();
  QAction* exportActions[4] = {
      addExport("Export strip as &PNG…", "PNG image (*.png)", "png",
                [this](const QString& path) { return exportStrip(path); }),
      addExport("Export animated &GIF…", "Animated GIF (*.gif)", "gif",
                [this](const QString& path) { return exportGif(path); }),
      addExport("Export &video…", "MP4 video (*.mp4);;AVI video (*.avi)", "mp4",
                [this](const QString& path) { return exportVideo(path); }),
      addExport("Export &frames into a folder…", {}, {},
                [this](const QString& folder) { return exportFrames(folder); })};
  connect(openModelButton, &QPushButton::clicked, open, &QAction::trigger);
  connect(openFolderButton, &QPushButton::clicked, openFolder, &QAction::trigger);
  connect(imageSize_, &QSpinBox::editingFinished, this, &ImagesPage::applyImageSize);
  for (int k = 0; k < 4; ++k)
    connect(exportButtons[k], &QPushButton::clicked, exportActions[k], &QAction::trigger);
  connect(controls_, &RunControls::runClicked, this, &ImagesPage::run);
  connect(controls_, &RunControls::cancelClicked, this, &ImagesPage::cancel);
  for (ImageDropTarget* target : {targetA_, targetB_})
    connect(target, &ImageDropTarget::loadFailed, this, &ImagesPage::showError);
  controls_->follow(jobs_, "Computing…");
  connect(this, &ModePage::statusMessage, controls_, &RunControls::setStatus);
  connect(jobs_, &JobRunner::failed, this, &ImagesPage::failed);
  // A delivered model is whole even when Cancel came after it: shown either way.
  for (auto ended : {&JobRunner::finished, &JobRunner::cancelled})
    connect(jobs_, ended, this, [this] {
      if (!std::exchange(loadDelivered_, false)) return;
      showModel();
      emit modelLoaded();
    });
  connect(jobs_, &JobRunner::snapshotReady, this, &ImagesPage::showLivePath);
  controls_->setStatus("Drop two images and a Stable Diffusion checkpoint (.safetensors or a "
                       "diffusers folder), then Run.");
}

ImagesPage::~ImagesPage() {
  jobs_->cancel();
}

QLabel* ImagesPage::statusLabel() const {
  return controls_->statusLabel();
}

QPushButton* ImagesPage::cancelButton() const {
  return controls_->cancelButton();
}

QString ImagesPage::statusHint() const {
  return "Images: drop two photos and a Stable Diffusion 1.x/2.x checkpoint (.safetensors or a "
         "diffusers folder).";
}

void ImagesPage::openModel(const QString& path) {
  // A file dialog picks files: model_index.json or model.json stands for its folder.
  const QFileInfo info(path);
  const QString target = info.isFile() && (info.fileName() == "model_index.json" || info.fileName() == "model.json")
                             ? info.absolutePath()
                             : path;
  modelFolder_->setText(target);
  model_.reset();
  modelInfo_->setText("Loading…");
  StableDiffusionModelOptions options;
  options.imageSize = imageSize_->value();
  // A TorchScript folder's size was fixed when it was exported.
  if (QFileInfo(target + "/model.json").exists()) options.imageSize = 0;
  jobs_->runNow([this, target, options](const JobRunner::Context& context) {
    std::shared_ptr<StableDiffusionModel> model =
        StableDiffusionModel::load(target.toStdString(), options, context.control());
    context.deliver([this, model] {
      model_ = model;
      loadDelivered_ = true;
    });
  });
  controls_->setStatus("Loading and checking " + target + "… (Cancel stops it)");
}

QString ImagesPage::modelSummary() const {
  if (!model_) return {};
  return QString::fromStdString(model_->info().summary(model_->deviceName())) +
         QString("; %1 px images, latents %2 × %3 × %4")
             .arg(model_->imageSize())
             .arg(model_->latentShape()[0])
             .arg(model_->latentShape()[1])
             .arg(model_->latentShape()[2]);
}

void ImagesPage::showModel() {
  const StableDiffusionModelInfo& info = model_->info();
  modelInfo_->setText(modelSummary() +
                      (info.architecture ? QString(" (prediction: %1)").arg(QString::fromStdString(info.architecture->predictionSource))
                                         : QString()));
  imageSize_->setEnabled(info.architecture.has_value());
  imageSize_->setValue(model_->imageSize());
  controls_->setStatus(QString("Model loaded in %1 s: %2").arg(info.loadSeconds, 0, 'f', 1)
                           .arg(QFileInfo(QString::fromStdString(model_->folder())).fileName()));
}

void ImagesPage::applyImageSize() {
  if (!model_ || model_->imageSize() == imageSize_->value() || !jobs_->isIdle()) return;
  const QString error = messageOf([&] { model_ = model_->resized(imageSize_->value()); });
  if (!error.isEmpty()) {
    showError(error);
    imageSize_->setValue(model_->imageSize());
    return;
  }
  showModel();
}

void ImagesPage::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty() &&
      event->mimeData()->urls().first().isLocalFile())
    event->acceptProposedAction();
}

// What the image targets leave: a checkpoint or a model folder dropped anywhere on the page.
void ImagesPage::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  event->acceptProposedAction();
  openModel(urls.first().toLocalFile());
}

void ImagesPage::setPoints(int points) {
  points_->setValue(points);
}

bool ImagesPage::isIdle() const {
  return jobs_->isIdle();
}

ImageInterpolationOptions ImagesPage::options() const {
  ImageInterpolationOptions o;
  o.methods.clear();
  for (int k = 0; k < 4; ++k)
    if (methods_[k]->isChecked()) o.methods.push_back(kMethods[k]);
  o.points = points_->value();
  o.timestep = timestep_->value();
  o.metric.lambda = lambda_->value();
  o.solver = parseGeodesicSolverKind(solver_->currentText().toStdString());
  o.iterations = iterations_->value();
  o.ddimSteps = ddimSteps_->value();
  o.seed = std::uint64_t(seed_->value());
  return o;
}

void ImagesPage::run() {
  QString missing;
  if (!model_) missing = !jobs_->isIdle() ? "the model is still loading" : "open or drop a model";
  else if (!targetA_->hasImage() || !targetB_->hasImage()) missing = "drop two images";
  else if (options().methods.empty()) missing = "choose at least one method";
  if (!missing.isEmpty()) {
    controls_->setStatus("Cannot run yet: " + missing + ".");
    return;
  }
  const ImageInterpolationOptions o = options();
  const std::shared_ptr<const StableDiffusionModel> model = model_;
  const RgbImage a = targetA_->image(), b = targetB_->image();
  jobs_->runNow([this, model, a, b, o](const JobRunner::Context& context) {
    const ImageInterpolationResult result = interpolateImages(*model, a, b, o, context.control());
    context.deliver([this, result] { showResult(result); });
  });
}

void ImagesPage::cancel() {
  jobs_->cancel();
}

void ImagesPage::showLivePath(const Eigen::MatrixXd& latents, int iteration) {
  if (!model_) return;
  const auto& shape = model_->latentShape();  // {C, h, w}
  const double low = latents.minCoeff(), high = latents.maxCoeff();
  ImageStripView::Row row{QString("geodesic, iteration %1 (latents at level t)").arg(iteration), {}};
  for (Eigen::Index j = 0; j < latents.cols(); ++j)
    row.frames.push_back(latentPreview(latents.col(j), int(shape[0]), int(shape[1]),
                                       int(shape[2]), low, high));
  strips_->setRows({row});
}

void ImagesPage::showResult(const ImageInterpolationResult& result) {
  result_ = result;
  controls_->setProgress(1.0);
  std::vector<ImageStripView::Row> rows;
  QString table = "<table width='100%'><tr><th align='left'>path</th><th>latent length</th>"
                  "<th>step CV</th><th>max/mean</th><th>SSIM</th><th>BRISQUE</th></tr>";
  const auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0.0 : sum / double(v.size());
  };
  for (const ImageInterpolationPath& path : result.paths) {
    const int k = int(std::find(std::begin(kMethods), std::end(kMethods), path.method) - kMethods);
    ImageStripView::Row row{kMethodLabels[k], {}};
    for (const RgbImage& frame : path.frames) row.frames.push_back(ImageDropTarget::toQImage(frame));
    rows.push_back(std::move(row));
    table += QString("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                     "<td align='right'>%4</td><td align='right'>%5</td><td align='right'>%6</td></tr>")
                 .arg(kMethodLabels[k])
                 .arg(path.length, 0, 'g', 4)
                 .arg(path.metrics.uniformity.coefficientOfVariation, 0, 'f', 3)
                 .arg(path.metrics.uniformity.maxOverMean, 0, 'f', 2)
                 .arg(mean(path.metrics.ssim), 0, 'f', 3)
                 .arg(path.metrics.brisqueAvailable ? QString::number(mean(path.metrics.brisque), 'f', 1)
                                                    : QString("–"));
  }
  strips_->setRows(std::move(rows));
  controls_->setNumbers(table + "</table><p>Step CV: spread of the steps between frames (0 = even); "
                            "BRISQUE: no-reference quality, lower is better.</p>");
  controls_->setStatus(QString("Done in %1 s at t = %2 (ᾱ = %3).")
                       .arg(result.seconds, 0, 'f', 1)
                       .arg(result.timestep)
                       .arg(result.alphaBar, 0, 'f', 3));
  emit resultShown();
}

void ImagesPage::showError(const QString& message) {
  reportError("Images", message);
  controls_->setStatus(message);
}

QString ImagesPage::exportStrip(const QString& path) {
  if (!result_) return "there is no result yet";
  return writePngFile(strips_->compose(), path);
}

// The animations and frame folders show every method that was run, like the strip.
QString ImagesPage::exportAllPaths(
    const std::function<void(const std::vector<LabelledFrames>& sequences)>& write) {
  if (!result_ || result_->paths.empty()) return "there is no result yet";
  return messageOf([&] { write(labelledFrames(*result_)); });
}

QString ImagesPage::exportGif(const QString& path) {
  return exportAllPaths([&](const auto& sequences) {
    writeAnimatedGif(path.toStdString(), stackLabelledFrames(sequences));
  });
}

QString ImagesPage::exportVideo(const QString& path) {
  return exportAllPaths([&](const auto& sequences) {
    writeVideo(path.toStdString(), stackLabelledFrames(sequences));
  });
}

QString ImagesPage::exportFrames(const QString& folder) {
  return exportAllPaths(
      [&](const auto& sequences) { writeFramePngFolders(folder.toStdString(), sequences); });
}

}  // namespace geodex
