#include "ui/common/job_runner.h"

#include <chrono>
#include <exception>
#include <mutex>

namespace geodex {

using Clock = std::chrono::steady_clock;

// One job's shared state: its cancel flag, and the newest progress and snapshot the GUI has not
// been shown yet (written by the worker, taken by the GUI under the mutex).
struct JobRunner::JobState {
  int id = 0;
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  bool progressQueued = false;  // a delivery is on its way: new values just replace the old
  Clock::time_point progressSent{};
  double fraction = 0.0, energy = 0.0;
  int iteration = 0;
  bool snapshotQueued = false;
  Clock::time_point snapshotSent{};
  Eigen::MatrixXd path;
  int snapshotIteration = 0;
  double snapshotEnergy = 0.0;
};

namespace {

constexpr auto kInterval = std::chrono::milliseconds(JobRunner::kUpdateIntervalMs);

// Whether a callback should post a delivery now: not while one is queued (its values are just
// replaced), and not before the interval has passed since the last one — unless `force`.
bool shouldPost(bool& queued, Clock::time_point& sent, bool force) {
  if (queued) return false;
  const auto now = Clock::now();
  if (!force && now - sent < kInterval) return false;
  queued = true;
  sent = now;
  return true;
}

}  // namespace

JobRunner::Context::Context(std::shared_ptr<JobState> state, JobRunner* runner)
    : state_(std::move(state)), runner_(runner) {
  control_.cancel = &state_->cancel;
  std::shared_ptr<JobState> s = state_;
  control_.progress = [s, runner](double fraction, int iteration, double energy) {
    std::lock_guard lock(s->mutex);
    const bool wasQueued = s->progressQueued;
    const bool post = shouldPost(s->progressQueued, s->progressSent, fraction >= 1.0);
    if (!wasQueued && !post) return;  // throttled: a later call brings newer values
    s->fraction = fraction;
    s->iteration = iteration;
    s->energy = energy;
    if (post)
      QMetaObject::invokeMethod(
          runner, [runner, s] { runner->flushProgress(s); }, Qt::QueuedConnection);
  };
  control_.snapshot = [s, runner](const Eigen::MatrixXd& path, int iteration, double energy) {
    std::lock_guard lock(s->mutex);
    const bool wasQueued = s->snapshotQueued;
    const bool post = shouldPost(s->snapshotQueued, s->snapshotSent, false);
    if (!wasQueued && !post) return;  // copied only when it will be shown
    s->path = path;
    s->snapshotIteration = iteration;
    s->snapshotEnergy = energy;
    if (post)
      QMetaObject::invokeMethod(
          runner, [runner, s] { runner->flushSnapshot(s); }, Qt::QueuedConnection);
  };
}

int JobRunner::Context::id() const {
  return state_->id;
}

void JobRunner::Context::deliver(std::function<void()> function) const {
  runner_->post(state_->id, std::move(function));
}

JobRunner::JobRunner(const QString& threadName, QObject* parent)
    : QObject(parent), worker_(new QObject) {
  thread_.setObjectName(threadName);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  debounce_.setSingleShot(true);
  connect(&debounce_, &QTimer::timeout, this, [this] {
    Job job = std::move(pending_);
    pending_ = {};
    if (job) start(std::move(job));
  });
  thread_.start();
}

JobRunner::~JobRunner() {
  debounce_.stop();
  supersede();
  thread_.quit();
  thread_.wait();
}

void JobRunner::request(Job job, int debounceMs) {
  discard();
  pending_ = std::move(job);
  debounce_.start(debounceMs);
}

void JobRunner::runNow(Job job) {
  discard();
  start(std::move(job));
}

void JobRunner::cancel() {
  const bool active = !isIdle();
  discard();
  if (active) emit cancelled();
}

void JobRunner::discard() {
  debounce_.stop();
  pending_ = {};
  supersede();
  ++latest_;  // drops the old job's deliveries still on their way
  running_ = 0;
}

void JobRunner::supersede() {
  if (current_) current_->cancel = true;
  current_.reset();
}

void JobRunner::start(Job job) {
  supersede();
  auto state = std::make_shared<JobState>();
  state->id = ++latest_;
  running_ = state->id;
  current_ = state;
  emit started(state->id);
  QMetaObject::invokeMethod(
      worker_,
      [this, state, job = std::move(job)] {
        if (state->cancel.load()) return;  // superseded while it waited
        workerBusy_ = true;
        bool ok = true;
        QString message;
        try {
          job(Context(state, this));
        } catch (const std::exception& error) {
          ok = false;
          message = QString::fromUtf8(error.what());
        } catch (...) {
          ok = false;
          message = "an unexpected error stopped the computation";
        }
        workerBusy_ = false;
        // After the job's own deliveries (the queue keeps their order).
        post(state->id, [this, id = state->id, ok, message] {
          if (running_ != id) return;
          running_ = 0;
          current_.reset();
          if (ok)
            emit finished();
          else
            emit failed(message);
        });
      },
      Qt::QueuedConnection);
}

void JobRunner::post(int id, std::function<void()> function) {
  QMetaObject::invokeMethod(
      this,
      [this, id, function = std::move(function)] {
        if (id == latest_) function();
      },
      Qt::QueuedConnection);
}

void JobRunner::flushProgress(const std::shared_ptr<JobState>& state) {
  double fraction, energy;
  int iteration;
  {
    std::lock_guard lock(state->mutex);
    state->progressQueued = false;
    fraction = state->fraction;
    energy = state->energy;
    iteration = state->iteration;
  }
  if (isCurrent(state->id)) emit progressed(fraction, iteration, energy);
}

void JobRunner::flushSnapshot(const std::shared_ptr<JobState>& state) {
  Eigen::MatrixXd path;
  int iteration;
  double energy;
  {
    std::lock_guard lock(state->mutex);
    state->snapshotQueued = false;
    path = std::move(state->path);
    state->path = Eigen::MatrixXd();
    iteration = state->snapshotIteration;
    energy = state->snapshotEnergy;
  }
  if (isCurrent(state->id)) emit snapshotReady(path, iteration, energy);
}

}  // namespace geodex
