#include "ui/explorer/noise_level_dialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/digit_diffusion_model.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "core/util/shipped_file.h"
#include "ui/common/job_runner.h"
#include "ui/explorer/explorer_settings.h"
#include "ui/explorer/noise_level_plot.h"

namespace geodex {

namespace {

constexpr int kUnetSource = -1;  // the combo's data for the U-Net
const char* const kSigmaList = "0.02, 0.05, 0.1, 0.2, 0.5";
const char* const kTimestepList = "50, 100, 200, 400, 600, 800";

std::vector<double> parseSigmas(const QString& text) {
  std::vector<double> sigmas;
  for (const std::string& item : splitCommaList(text.toStdString())) {
    bool ok = false;
    const double value = QString::fromStdString(item).trimmed().toDouble(&ok);
    if (!ok) throw InvalidArgumentError("σ list: '" + item + "' is not a number");
    sigmas.push_back(value);
  }
  return sigmas;
}

}  // namespace

NoiseLevelDialog::NoiseLevelDialog(QWidget* parent)
    : QDialog(parent),
      manifold_(new QComboBox(this)),
      sigmas_(new QLineEdit(kSigmaList, this)),
      computeButton_(new QPushButton("Compute", this)),
      cancelButton_(new QPushButton("Cancel", this)),
      progress_(new QProgressBar(this)),
      summary_(new QLabel(this)),
      plot_(new NoiseLevelPlot(this)),
      jobs_(new JobRunner("geodex σ diagnosis", this)),
      listLabel_(new QLabel("σ values", this)) {
  setWindowTitle("Choose σ");
  for (const ManifoldKind kind : {ManifoldKind::Circle, ManifoldKind::Sphere, ManifoldKind::Torus})
    manifold_->addItem(QString::fromStdString(SyntheticManifold::nameOf(kind)), int(kind));
  manifold_->addItem("rotated MNIST (U-Net, against t)", kUnetSource);
  manifold_->setCurrentIndex(1);
  auto* explanation = new QLabel(
      "Near the data the score should point along the manifold's normal; the metric I + λssᵀ then "
      "stretches normal steps and the geodesic hugs the manifold. Too small a σ makes the "
      "score rough and the metric extreme, too large a σ blurs the manifold: the geodesic cuts "
      "inside and its length is off. The dashed black line is the window's σ, the grey one its "
      "default. (Circle, sphere, torus: the manifolds whose normals are known. For the U-Net the "
      "truth is a digit's rotation: its score should be normal to the rotation tangent and point "
      "back along the noise; the black line is the paper's t = 400.)",
      this);
  explanation->setWordWrap(true);
  auto* form = new QFormLayout;
  form->addRow("Manifold", manifold_);
  form->addRow(listLabel_, sigmas_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(computeButton_);
  buttons->addWidget(cancelButton_);
  buttons->addWidget(progress_, 1);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(explanation);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(plot_, 1);
  layout->addWidget(summary_);
  resize(760, 640);
  progress_->setRange(0, 100);
  setBusy(false);

  connect(computeButton_, &QPushButton::clicked, this, &NoiseLevelDialog::compute);
  connect(manifold_, &QComboBox::currentIndexChanged, this, &NoiseLevelDialog::onSourceChanged);
  connect(cancelButton_, &QPushButton::clicked, jobs_, &JobRunner::cancel);
  connect(jobs_, &JobRunner::progressed, this,
          [this](double fraction) { progress_->setValue(int(100 * fraction)); });
  connect(jobs_, &JobRunner::finished, this, [this] { setBusy(false); });
  connect(jobs_, &JobRunner::cancelled, this, [this] {
    setBusy(false);
    summary_->setText("Cancelled.");
  });
  connect(jobs_, &JobRunner::failed, this, [this](const QString& message) {
    setBusy(false);
    summary_->setText("The diagnosis failed: " + message);
  });
}

// The runner (a child) cancels and joins its job when deleted.
NoiseLevelDialog::~NoiseLevelDialog() = default;

void NoiseLevelDialog::setContext(ManifoldKind manifold, double windowSigma, double lambda) {
  const int index =
      manifold_->findData(int(hasKnownNormals(manifold) ? manifold : ManifoldKind::Sphere));
  manifold_->setCurrentIndex(index);
  windowSigma_ = windowSigma;
  lambda_ = lambda;
}

void NoiseLevelDialog::setSigmaList(const QString& text) {
  sigmas_->setText(text);
}

bool NoiseLevelDialog::unetChosen() const {
  return manifold_->currentData().toInt() == kUnetSource;
}

void NoiseLevelDialog::chooseUnet() {
  manifold_->setCurrentIndex(manifold_->findData(kUnetSource));
}

void NoiseLevelDialog::onSourceChanged() {
  const bool unet = unetChosen();
  if (listLabel_->text() == (unet ? "t values" : "σ values")) return;
  listLabel_->setText(unet ? "t values" : "σ values");
  sigmas_->setText(unet ? kTimestepList : kSigmaList);
}

void NoiseLevelDialog::compute() {
  if (unetChosen()) {
    std::vector<int> timesteps;
    try {
      for (const double t : parseSigmas(sigmas_->text())) {
        if (t != std::round(t) || std::abs(t) > 1e6)
          throw InvalidArgumentError("t values are whole numbers, got " + std::to_string(t));
        timesteps.push_back(int(t));
      }
    } catch (const GeodexError& error) {
      summary_->setText(QString::fromUtf8(error.what()));
      return;
    }
    setBusy(true);
    progress_->setValue(0);
    summary_->setText("Loading the U-Net and computing…");
    jobs_->runNow([this, timesteps, lambda = lambda_](const JobRunner::Context& context) {
      DigitNoiseLevelDiagnosisOptions options;
      options.timesteps = timesteps;
      options.metric.lambda = lambda;
      options.model = DigitDiffusionModel::load(resolveShippedFile(kShippedDigitModel));
      const IdxImages images = readIdxImages(resolveShippedFile(kShippedMnistSlice), kUnetDigits);
      options.digits.resize(images.rows * images.cols, images.count);
      for (int i = 0; i < images.count; ++i) options.digits.col(i) = idxImageVector(images, i);
      const DigitNoiseLevelDiagnosis diagnosis =
          diagnoseDigitNoiseLevels(options, context.control());
      context.deliver([this, diagnosis] { display(diagnosis); });
    });
    return;
  }
  NoiseLevelDiagnosisOptions options;
  options.manifold = ManifoldKind(manifold_->currentData().toInt());
  options.metric.lambda = lambda_;
  try {
    options.sigmas = parseSigmas(sigmas_->text());  // their range: checked by the job, shown if bad
  } catch (const GeodexError& error) {
    summary_->setText(QString::fromUtf8(error.what()));
    return;
  }
  setBusy(true);
  progress_->setValue(0);
  summary_->setText("Computing…");
  jobs_->runNow([this, options](const JobRunner::Context& context) {
    const NoiseLevelDiagnosis diagnosis = diagnoseNoiseLevels(options, context.control());
    context.deliver([this, diagnosis] { display(diagnosis); });
  });
}

void NoiseLevelDialog::display(const NoiseLevelDiagnosis& d) {
  last_ = d;
  plot_->setDiagnosis(d, windowSigma_, ExplorerSettings{}.sigma);
  QString text = QString("%1, %2 score, λ = %3; the geodesic's reference length %4 (%5); %6 s.")
                     .arg(QString::fromStdString(d.manifold), QString::fromStdString(d.score))
                     .arg(d.lambda)
                     .arg(d.referenceLength, 0, 'f', 4)
                     .arg(QString::fromStdString(d.referenceMethod))
                     .arg(d.seconds, 0, 'f', 2);
  summary_->setText(text);
  emit diagnosisShown();
}

void NoiseLevelDialog::display(const DigitNoiseLevelDiagnosis& d) {
  lastUnet_ = d;
  plot_->setDiagnosis(d, DigitNoiseLevelDiagnosisOptions::kPaperTimestep,
                      RotatedDigitGeodesicOptions::kDefaultTimestep);
  summary_->setText(QString("U-Net %1 on %2 digits of the test slice (d = %3); a random "
                            "direction's fraction along the tangent is %4 (dotted). Black: the "
                            "paper's t = %5, grey: the MNIST window's default t = %6; %7 s.")
                        .arg(QString::fromStdString(d.model))
                        .arg(d.digits)
                        .arg(d.dimension)
                        .arg(d.randomTangentFraction, 0, 'f', 4)
                        .arg(DigitNoiseLevelDiagnosisOptions::kPaperTimestep)
                        .arg(RotatedDigitGeodesicOptions::kDefaultTimestep)
                        .arg(d.seconds, 0, 'f', 2));
  emit diagnosisShown();
}

void NoiseLevelDialog::setBusy(bool busy) {
  computeButton_->setEnabled(!busy);
  cancelButton_->setEnabled(busy);
}

}  // namespace geodex
