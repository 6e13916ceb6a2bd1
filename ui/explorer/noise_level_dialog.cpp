#include "ui/explorer/noise_level_dialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/util/comma_list.h"
#include "core/util/errors.h"
#include "ui/common/job_runner.h"
#include "ui/explorer/explorer_settings.h"
#include "ui/explorer/noise_level_plot.h"

namespace geodex {

namespace {

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
      sigmas_(new QLineEdit("0.02, 0.05, 0.1, 0.2, 0.5", this)),
      computeButton_(new QPushButton("Compute", this)),
      cancelButton_(new QPushButton("Cancel", this)),
      progress_(new QProgressBar(this)),
      summary_(new QLabel(this)),
      plot_(new NoiseLevelPlot(this)),
      jobs_(new JobRunner("geodex σ diagnosis", this)) {
  setWindowTitle("Choose σ");
  for (const ManifoldKind kind : {ManifoldKind::Circle, ManifoldKind::Sphere, ManifoldKind::Torus})
    manifold_->addItem(QString::fromStdString(SyntheticManifold::nameOf(kind)), int(kind));
  manifold_->setCurrentIndex(1);
  auto* explanation = new QLabel(
      "Near the data the score should point along the manifold's normal; the metric I + λssᵀ then "
      "stretches normal steps and the geodesic hugs the manifold. Too small a σ makes the "
      "score rough and the metric extreme, too large a σ blurs the manifold: the geodesic cuts "
      "inside and its length is off. The dashed black line is the window's σ, the grey one its "
      "default. (Circle, sphere, torus: the manifolds whose normals are known.)",
      this);
  explanation->setWordWrap(true);
  auto* form = new QFormLayout;
  form->addRow("Manifold", manifold_);
  form->addRow("σ values", sigmas_);
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
  const int index = manifold_->findData(int(hasKnownNormals(manifold) ? manifold : ManifoldKind::Sphere));
  manifold_->setCurrentIndex(index);
  windowSigma_ = windowSigma;
  lambda_ = lambda;
}

void NoiseLevelDialog::setSigmaList(const QString& text) {
  sigmas_->setText(text);
}

void NoiseLevelDialog::compute() {
  NoiseLevelDiagnosisOptions options;
  options.manifold = ManifoldKind(manifold_->currentData().toInt());
  options.lambda = lambda_;
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
    if (diagnosis.cancelled) return;
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

void NoiseLevelDialog::setBusy(bool busy) {
  computeButton_->setEnabled(!busy);
  cancelButton_->setEnabled(busy);
}

}  // namespace geodex
