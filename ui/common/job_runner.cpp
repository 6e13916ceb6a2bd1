#include "ui/common/job_runner.h"

#include <chrono>
#include <exception>
#include <mutex>

#include "core/util/errors.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace geodex {

using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kInterval = std::chrono::milliseconds(JobRunner::kUpdateIntervalMs);

// The newest update of one kind (progress, or a snapshot) that the GUI has not been shown yet.
struct Pending {
  bool queued = false;  // a delivery is on its way: newer values just replace these
  Clock::time_point sent{};
  double fraction = 0.0, energy = 0.0;
  int iteration = 0;
  Eigen::MatrixXd path;  // snapshots only
};

// Keeps the update when it will be shown — while a delivery is queued, or once the interval
// since the last delivery has passed (or `force`) — and says whether to post a new delivery.
// Paths are copied only when kept.
bool offer(Pending& pending, bool force, double fraction, int iteration, double energy,
           const Eigen::MatrixXd* path) {
  const bool post = !pending.queued && (force || Clock::now() - pending.sent >= kInterval);
  if (!pending.queued && !post) return false;  // throttled: a later call brings newer values
  if (post) {
    pending.queued = true;
    pending.sent = Clock::now();
  }
  pending.fraction = fraction;
  pending.iteration = iteration;
  pending.energy = energy;
  if (path) pending.path = *path;
  return post;
}

}  // namespace

// One job's shared state: its cancel flag and its pending updates (written by the worker, taken
// by the GUI, under the mutex).
struct JobRunner::JobState {
  int id = 0;
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  Pending progress, snapshot;
};

JobRunner::Context::Context(std::shared_ptr<JobState> state, JobRunner* runner)
    : state_(std::move(state)), runner_(runner) {
  control_.cancel = &state_->cancel;
  std::shared_ptr<JobState> s = state_;
  const auto post = [s, runner](bool snapshot) {
    QMetaObject::invokeMethod(
        runner, [runner, s, snapshot] { runner->flush(s, snapshot); }, Qt::QueuedConnection);
  };
  control_.progress = [s, post](double fraction, int iteration, double energy) {
    std::lock_guard lock(s->mutex);
    if (offer(s->progress, fraction >= 1.0, fraction, iteration, energy, nullptr)) post(false);
  };
  control_.snapshot = [s, post](const Eigen::MatrixXd& path, int iteration, double energy) {
    std::lock_guard lock(s->mutex);
    if (offer(s->snapshot, false, 0.0, iteration, energy, &path)) post(true);
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
  lowerWorkerPriority();
}

// A solve keeps both cores busy, and so does software OpenGL drawing a frame: the GUI thread,
// which only draws, goes first. QThread's priorities do nothing for Linux's default scheduler;
// a thread's nice value does (and the threads a job starts, e.g. LibTorch's, inherit it).
void JobRunner::lowerWorkerPriority() {
  thread_.setPriority(QThread::LowPriority);
#ifdef __linux__
  QMetaObject::invokeMethod(worker_, [] { setpriority(PRIO_PROCESS, gettid(), kWorkerNice); },
                            Qt::QueuedConnection);
#endif
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
        enum class Ending { Finished, Failed, Cancelled } ending = Ending::Finished;
        QString message;
        try {
          job(Context(state, this));
        } catch (const CancelledError&) {
          // Core's one way to end a cancelled computation. cancel() has already reported it;
          // this reaches the page only when something else set the job's flag.
          ending = Ending::Cancelled;
        } catch (const std::exception& error) {
          ending = Ending::Failed;
          message = QString::fromUtf8(error.what());
        } catch (...) {
          ending = Ending::Failed;
          message = "an unexpected error stopped the computation";
        }
        workerBusy_ = false;
        // After the job's own deliveries (the queue keeps their order).
        post(state->id, [this, id = state->id, ending, message] {
          if (running_ != id) return;
          running_ = 0;
          current_.reset();
          if (ending == Ending::Finished)
            emit finished();
          else if (ending == Ending::Cancelled)
            emit cancelled();
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

void JobRunner::flush(const std::shared_ptr<JobState>& state, bool snapshot) {
  Pending update;
  {
    std::lock_guard lock(state->mutex);
    Pending& pending = snapshot ? state->snapshot : state->progress;
    pending.queued = false;
    update.fraction = pending.fraction;
    update.iteration = pending.iteration;
    update.energy = pending.energy;
    update.path = std::move(pending.path);
    pending.path = Eigen::MatrixXd();
  }
  if (!isCurrent(state->id)) return;
  if (snapshot)
    emit snapshotReady(update.path, update.iteration, update.energy);
  else
    emit progressed(update.fraction, update.iteration, update.energy);
}

}  // namespace geodex
