#pragma once
// Runs one long job at a time on its own thread, for the GUI's image modes. Starting a job
// cancels the previous one; a cancelled or superseded job's later deliveries are dropped, so the
// GUI only ever hears from the newest job. Jobs talk back with `deliver`, which runs a function
// on the GUI thread if (and only if) the job is still current. No exception leaves a job: the
// runner catches it and reports `failed`.
#include <QObject>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>

namespace geodex {

class BackgroundJobs : public QObject {
  Q_OBJECT
 public:
  // What a job gets: its cancellation flag (poll it) and a way to run code on the GUI thread.
  struct Context {
    int id = 0;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(std::function<void()>)> deliver;
  };
  using Job = std::function<void(const Context&)>;

  explicit BackgroundJobs(QObject* parent = nullptr);
  // Cancels the running job and joins the thread.
  ~BackgroundJobs() override;

  // Cancels whatever runs and queues `job`; returns its id.
  int start(Job job);
  // Cancels the current job; `cancelled` is emitted at once when one was running.
  void cancel();
  bool busy() const { return running_ != 0; }
  // Whether the thread is still inside a job (a cancelled one until its next check).
  bool threadBusy() const { return threadBusy_.load(); }

  // Marks the current job as done (call from a delivery); `busy()` becomes false.
  void finish(int id);

 Q_SIGNALS:
  void started(int id);
  void failed(const QString& message);
  void cancelled();

 private:
  QThread thread_;
  QObject* worker_;  // lives on thread_: the target of queued jobs
  int latest_ = 0;
  int running_ = 0;
  std::shared_ptr<std::atomic<bool>> cancelCurrent_;
  std::atomic<bool> threadBusy_{false};
};

}  // namespace geodex
