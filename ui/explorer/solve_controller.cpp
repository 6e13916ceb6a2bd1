#include "ui/explorer/solve_controller.h"

#include "ui/explorer/geodesic_worker.h"

namespace geodex {

SolveController::SolveController(QObject* parent) : QObject(parent), worker_(new GeodesicWorker) {
  qRegisterMetaType<GeodesicJobRequest>();
  qRegisterMetaType<GeodesicJobResult>();
  qRegisterMetaType<MetricField>();
  qRegisterMetaType<Eigen::MatrixXd>();
  thread_.setObjectName("geodex solver");
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

  // Late signals of superseded jobs are dropped here, on the GUI thread.
  connect(worker_, &GeodesicWorker::fieldReady, this, [this](int id, const MetricField& field) {
    if (isCurrent(id)) emit fieldReady(field);
  });
  connect(worker_, &GeodesicWorker::progressed, this,
          [this](int id, double fraction, int iteration, double energy) {
            if (isCurrent(id)) emit progressed(fraction, iteration, energy);
          });
  connect(worker_, &GeodesicWorker::snapshotReady, this,
          [this](int id, const Eigen::MatrixXd& path, int iteration, double energy) {
            if (isCurrent(id)) emit snapshotReady(path, iteration, energy);
          });
  connect(worker_, &GeodesicWorker::finished, this, [this](const GeodesicJobResult& result) {
    if (!isCurrent(result.id)) return;
    running_ = 0;
    emit finished(result);
  });
  connect(worker_, &GeodesicWorker::failed, this, [this](int id, const QString& message) {
    if (!isCurrent(id)) return;
    running_ = 0;
    emit failed(message);
  });
  connect(worker_, &GeodesicWorker::cancelled, this, [this](int id) {
    if (!isCurrent(id)) return;
    running_ = 0;
    emit cancelled();
  });

  debounce_.setSingleShot(true);
  debounce_.setInterval(kDebounceMs);
  connect(&debounce_, &QTimer::timeout, this, &SolveController::startPending);
  thread_.start();
}

SolveController::~SolveController() {
  if (cancelCurrent_) cancelCurrent_->store(true);
  thread_.quit();
  thread_.wait();
}

void SolveController::requestSolve(const ExplorerSettings& settings) {
  pending_ = settings;
  // Stop the running job at once: its result would be stale anyway.
  if (cancelCurrent_) cancelCurrent_->store(true);
  debounce_.start();
}

void SolveController::solveNow(const ExplorerSettings& settings) {
  pending_ = settings;
  debounce_.stop();
  startPending();
}

void SolveController::cancel() {
  const bool active = running_ != 0 || debounce_.isActive();
  discard();
  if (active) emit cancelled();
}

bool SolveController::workerRunning() const {
  return worker_->isRunning();
}

void SolveController::discard() {
  debounce_.stop();
  if (cancelCurrent_) cancelCurrent_->store(true);
  ++latest_;
  running_ = 0;
}

void SolveController::startPending() {
  if (cancelCurrent_) cancelCurrent_->store(true);
  GeodesicJobRequest request;
  request.id = ++latest_;
  request.settings = pending_;
  cancelCurrent_ = request.cancel;
  running_ = request.id;
  emit started(request.id);
  QMetaObject::invokeMethod(worker_, "run", Qt::QueuedConnection,
                            Q_ARG(geodex::GeodesicJobRequest, request));
}

}  // namespace geodex
