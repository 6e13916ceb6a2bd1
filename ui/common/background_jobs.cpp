#include "ui/common/background_jobs.h"

#include <QPointer>
#include <exception>

namespace geodex {

BackgroundJobs::BackgroundJobs(QObject* parent) : QObject(parent), worker_(new QObject) {
  thread_.setObjectName("geodex jobs");
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

BackgroundJobs::~BackgroundJobs() {
  if (cancelCurrent_) cancelCurrent_->store(true);
  thread_.quit();
  thread_.wait();
}

int BackgroundJobs::start(Job job) {
  if (cancelCurrent_) cancelCurrent_->store(true);
  const int id = ++latest_;
  running_ = id;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  cancelCurrent_ = cancel;
  emit started(id);
  QPointer<BackgroundJobs> self(this);
  // Runs `function` on the GUI thread if this runner still exists and `id` is still current.
  auto deliver = [self, id](std::function<void()> function) {
    QMetaObject::invokeMethod(
        self.data(),
        [self, id, function = std::move(function)] {
          if (self && self->latest_ == id) function();
        },
        Qt::QueuedConnection);
  };
  QMetaObject::invokeMethod(
      worker_,
      [this, self, id, cancel, deliver, job = std::move(job)] {
        if (cancel->load()) return;  // superseded while it waited
        threadBusy_ = true;
        try {
          job(Context{id, cancel.get(), deliver});
        } catch (const std::exception& error) {
          const QString message = QString::fromUtf8(error.what());
          deliver([self, id, message] {
            self->running_ = 0;
            emit self->failed(message);
          });
        }
        threadBusy_ = false;
      },
      Qt::QueuedConnection);
  return id;
}

void BackgroundJobs::cancel() {
  if (cancelCurrent_) cancelCurrent_->store(true);
  const bool active = running_ != 0;
  ++latest_;  // drops the cancelled job's deliveries
  running_ = 0;
  if (active) emit cancelled();
}

void BackgroundJobs::finish(int id) {
  if (id == running_) running_ = 0;
}

}  // namespace geodex
