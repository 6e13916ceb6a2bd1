#pragma once
// The GUI side of the explorer's solver: owns the worker thread, debounces parameter changes,
// cancels superseded jobs and drops their late signals, so that what reaches the window always
// belongs to the newest request. Lives on the GUI thread.
#include <QObject>
#include <QThread>
#include <QTimer>

#include "ui/explorer/geodesic_job.h"

namespace geodex {

class GeodesicWorker;

class SolveController : public QObject {
  Q_OBJECT
 public:
  // Parameter changes closer together than this start one solve, not many.
  static constexpr int kDebounceMs = 150;

  explicit SolveController(QObject* parent = nullptr);
  // Cancels the running job and joins the worker thread.
  ~SolveController() override;

  // Solves for `settings` after kDebounceMs without a newer request.
  void requestSolve(const ExplorerSettings& settings);
  // Solves now (cancelling whatever runs or waits).
  void solveNow(const ExplorerSettings& settings);
  // Stops the running job. The window is told at once (`cancelled`): the job's late signals are
  // dropped, and the worker stops at the solver's next iteration check.
  void cancel();
  // Cancels and forgets the current job: none of its signals will arrive.
  void discard();

  bool busy() const { return running_ != 0 || debounce_.isActive(); }
  int currentJob() const { return latest_; }
  // Whether the worker is still computing (a cancelled job until its next check).
  bool workerRunning() const;

 Q_SIGNALS:
  void started(int id);
  void fieldReady(const geodex::MetricField& field);
  void progressed(double fraction, int iteration, double energy);
  void snapshotReady(const Eigen::MatrixXd& path, int iteration, double energy);
  void finished(const geodex::GeodesicJobResult& result);
  void failed(const QString& message);
  void cancelled();

 private:
  void startPending();
  bool isCurrent(int id) const { return id == latest_; }

  QThread thread_;
  GeodesicWorker* worker_;  // lives on thread_, deleted when it finishes
  QTimer debounce_;
  ExplorerSettings pending_;
  int latest_ = 0;   // the newest job started
  int running_ = 0;  // the job whose result we wait for (0 = none)
  std::shared_ptr<std::atomic<bool>> cancelCurrent_;
};

}  // namespace geodex
