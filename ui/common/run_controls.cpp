#include "ui/common/run_controls.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ui/common/job_runner.h"

namespace geodex {

RunControls::RunControls(const QString& runLabel, QWidget* parent) : QWidget(parent) {
  run_ = new QPushButton(runLabel, this);
  cancel_ = new QPushButton("Cancel", this);
  cancel_->setEnabled(false);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setTextVisible(false);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  numbers_ = new QLabel(this);
  numbers_->setTextFormat(Qt::RichText);
  numbers_->setWordWrap(true);  // the table follows the panel's width instead of widening it
  numbers_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addWidget(cancel_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addWidget(numbers_);
  connect(run_, &QPushButton::clicked, this, &RunControls::runClicked);
  connect(cancel_, &QPushButton::clicked, this, &RunControls::cancelClicked);
}

void RunControls::setBusy(bool busy) {
  cancel_->setEnabled(busy);
  if (busy) showProgressValue(0);
}

void RunControls::follow(JobRunner* jobs, const QString& busyText) {
  connect(jobs, &JobRunner::started, this, [this, busyText] {
    setBusy(true);
    setStatus(busyText);
  });
  connect(jobs, &JobRunner::progressed, this, &RunControls::setProgress);
  connect(jobs, &JobRunner::finished, this, [this] { setBusy(false); });
  connect(jobs, &JobRunner::failed, this, [this](const QString& message) {
    setBusy(false);
    setStatus("Failed: " + message);
  });
  connect(jobs, &JobRunner::cancelled, this, [this] {
    setBusy(false);
    setStatus("Cancelled.");
  });
}

void RunControls::setProgress(double fraction) {
  showProgressValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * progress_->maximum())));
}

// QProgressBar::setValue repaints at once (QWidget::repaint): in a window with an OpenGL view
// that is a whole synchronous composition of the window — the 200–600 ms stalls measured while
// solving. With updates off the bar only takes the value; turning them on schedules an
// ordinary update, drawn with the next frame.
void RunControls::showProgressValue(int value) {
  if (value == progress_->value()) return;
  progress_->setUpdatesEnabled(false);
  progress_->setValue(value);
  progress_->setUpdatesEnabled(true);
}

void RunControls::setStatus(const QString& text) {
  status_->setText(text);
}

void RunControls::setNumbers(const QString& richText) {
  numbers_->setText(richText);
}

QScrollArea* RunControls::scrollable(QWidget* panel, int minimumWidth, QWidget* parent) {
  auto* scroll = new QScrollArea(parent);
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  if (panel->layout()) panel->layout()->activate();
  scroll->setMinimumWidth(std::max({minimumWidth, panel->sizeHint().width(), panel->minimumWidth()}) +
                          scroll->verticalScrollBar()->sizeHint().width() +
                          2 * scroll->frameWidth() + 2);
  return scroll;
}

}  // namespace geodex
