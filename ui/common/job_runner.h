#pragma once
// The one way the GUI runs long work: one job at a time, on a worker thread the runner owns.
// A request may wait for a quiet spell first (debounce); a newer request, cancel or discard
// supersedes the job, and its later deliveries are dropped, so the GUI only ever hears from the
// newest job. The job gets a ready SolverControl whose progress and snapshots reach the GUI
// throttled and coalesced — latest wins, at most one delivery of each waiting — as `progressed`
// and `snapshotReady`. No exception leaves a job: it becomes `failed`. When the job returns,
// after its own deliveries, the runner is idle again and says `finished`. GUI thread only
// (except Context, which is the job's).
#include <Eigen/Core>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>

#include "core/util/solver_control.h"

namespace geodex {

class JobRunner : public QObject {
  Q_OBJECT
 public:
  // Live updates reach the GUI at most this often (a view shows no more).
  static constexpr int kUpdateIntervalMs = 30;
  // The worker thread's nice value (Linux): below the GUI thread's.
  static constexpr int kWorkerNice = 5;

  struct JobState;
  // What a job gets, on the worker thread.
  class Context {
   public:
    Context(std::shared_ptr<JobState> state, JobRunner* runner);
    int id() const;
    // The cancel flag and the throttled progress and snapshot callbacks: hand it to core.
    const SolverControl& control() const { return control_; }
    bool cancelled() const { return control_.cancelled(); }
    // Runs `function` on the GUI thread if the job is still current when it gets there.
    void deliver(std::function<void()> function) const;

   private:
    std::shared_ptr<JobState> state_;
    JobRunner* runner_;
    SolverControl control_;
  };
  using Job = std::function<void(const Context&)>;

  explicit JobRunner(const QString& threadName, QObject* parent = nullptr);
  // Cancels the running job and joins the thread.
  ~JobRunner() override;

  // Runs `job` after `debounceMs` without a newer request; the running job stops at once.
  void request(Job job, int debounceMs);
  // Runs `job` now, superseding whatever runs or waits.
  void runNow(Job job);
  // Stops the running or waiting job; `cancelled` is emitted at once when there was one.
  void cancel();
  // Forgets the running or waiting job without a signal.
  void discard();

  // Nothing runs or waits.
  bool isIdle() const { return running_ == 0 && !debounce_.isActive(); }
  // Whether the thread is still inside a job (a superseded one until its next check).
  bool workerRunning() const { return workerBusy_.load(); }

 Q_SIGNALS:
  void started(int id);
  void progressed(double fraction, int iteration, double energy);
  void snapshotReady(const Eigen::MatrixXd& path, int iteration, double energy);
  void finished();
  void failed(const QString& message);
  void cancelled();

 private:
  void lowerWorkerPriority();
  void start(Job job);
  void supersede();
  bool isCurrent(int id) const { return id == latest_ && running_ == id; }
  // Posts `function` to the GUI thread, run only while job `id` is current.
  void post(int id, std::function<void()> function);
  // Shows the job's pending progress (or snapshot) if the job is still current.
  void flush(const std::shared_ptr<JobState>& state, bool snapshot);

  QThread thread_;
  QObject* worker_;  // lives on thread_: the target of queued jobs
  QTimer debounce_;
  Job pending_;
  int latest_ = 0;   // the newest job started
  int running_ = 0;  // the job whose end we wait for (0 = none)
  std::shared_ptr<JobState> current_;
  std::atomic<bool> workerBusy_{false};
};

}  // namespace geodex

Q_DECLARE_METATYPE(Eigen::MatrixXd)
