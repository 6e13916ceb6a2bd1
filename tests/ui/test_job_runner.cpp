// The job runner every mode uses: deliveries in order and only from the newest job, exceptions
// as `failed` (core's CancelledError as `cancelled`), debounce, cancel at once, and live updates that a slow GUI cannot queue up
// (throttled, latest wins, the final progress always shown).
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/util/errors.h"
#include "ui/common/job_runner.h"

using geodex::JobRunner;

namespace {

// A runner with a spy on each of its signals: every test watches some of them.
struct WatchedRunner {
  JobRunner runner{"test jobs"};
  QSignalSpy started{&runner, &JobRunner::started};
  QSignalSpy failed{&runner, &JobRunner::failed};
  QSignalSpy cancelled{&runner, &JobRunner::cancelled};
  QSignalSpy finished{&runner, &JobRunner::finished};

  // Runs a job that throws `error` on the worker thread.
  template <class Error>
  void runThrowing(const Error& error) {
    runner.runNow([error](const JobRunner::Context&) { throw error; });
  }
};

bool waitIdle(const JobRunner& runner, int timeoutMs = 10000) {
  QElapsedTimer timer;
  timer.start();
  while (!runner.isIdle() && timer.elapsed() < timeoutMs) QTest::qWait(5);
  return runner.isIdle();
}

}  // namespace

class TestJobRunner : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void finishesAfterTheJobsDeliveries() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    std::vector<int> order;
    runner.runNow([&](const JobRunner::Context& context) {
      context.deliver([&] { order.push_back(1); });
      context.deliver([&] { order.push_back(2); });
    });
    QCOMPARE(started.count(), 1);
    QVERIFY(!runner.isIdle());
    QVERIFY(finished.wait(5000));
    QCOMPARE(order, (std::vector<int>{1, 2}));
    QVERIFY(runner.isIdle());
  }

  void exceptionsBecomeFailed() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    watched.runThrowing(std::runtime_error("the model file 'x.pt' is broken"));
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(), QString("the model file 'x.pt' is broken"));
    QVERIFY(runner.isIdle());
    QTest::qWait(50);
    QCOMPARE(finished.count(), 0);
  }

  void aNewerJobDropsTheOldOnesDeliveries() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    QStringList delivered;
    std::atomic<bool> oldSawCancel{false};
    runner.runNow([&](const JobRunner::Context& context) {
      while (!context.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      oldSawCancel = true;
      context.deliver([&] { delivered << "old"; });
    });
    QTest::qWait(20);
    runner.runNow(
        [&](const JobRunner::Context& context) { context.deliver([&] { delivered << "new"; }); });
    QVERIFY(finished.wait(5000));
    QTest::qWait(50);
    QVERIFY(oldSawCancel.load());
    QCOMPARE(delivered, QStringList{"new"});
    QCOMPARE(finished.count(), 1);
  }

  void debouncedRequestsRunOnlyTheLast() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    std::atomic<int> runs{0};
    std::atomic<int> last{-1};
    for (int k = 0; k < 5; ++k) {
      runner.request(
          [&, k](const JobRunner::Context&) {
            ++runs;
            last = k;
          },
          80);
      QVERIFY(!runner.isIdle());  // waiting counts as busy
      QTest::qWait(5);
    }
    QVERIFY(finished.wait(5000));
    QCOMPARE(runs.load(), 1);
    QCOMPARE(last.load(), 4);
  }

  // Core ends every cancelled computation with CancelledError: never a failure message.
  void aCancelledComputationIsNotAFailure() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    watched.runThrowing(geodex::CancelledError("the geodesic solve was cancelled"));
    QVERIFY(cancelled.wait(5000));
    QVERIFY(runner.isIdle());
    QTest::qWait(50);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.count(), 0);
  }

  void cancelIsSaidAtOnceAndReachesTheJob() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    std::atomic<bool> inside{false};
    runner.runNow([&](const JobRunner::Context& context) {
      inside = true;
      while (!context.control().cancelled())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    QTRY_VERIFY(inside.load());
    QVERIFY(runner.workerRunning());
    runner.cancel();
    QCOMPARE(cancelled.count(), 1);  // synchronously, not when the job notices
    QVERIFY(runner.isIdle());
    QTRY_VERIFY_WITH_TIMEOUT(!runner.workerRunning(), 2000);
    QTest::qWait(50);
    QCOMPARE(finished.count(), 0);
    runner.cancel();  // nothing to cancel: no second signal
    QCOMPARE(cancelled.count(), 1);
  }

  // A job that reports far faster than the GUI can show: the GUI gets few, ever newer
  // snapshots (never a queue of stale ones), and the final progress.
  void liveUpdatesAreThrottledAndCoalesced() {
    WatchedRunner watched;
    auto& [runner, started, failed, cancelled, finished] = watched;
    std::vector<int> shown;
    double lastFraction = -1;
    bool afterFinish = false;
    connect(&runner, &JobRunner::snapshotReady, this,
            [&](const Eigen::MatrixXd& path, int iteration) {
              QCOMPARE(path(0, 0), double(iteration));
              shown.push_back(iteration);
              if (finished.count() > 0) afterFinish = true;
              QThread::msleep(100);  // a slow GUI
            });
    connect(&runner, &JobRunner::progressed, this,
            [&](double fraction) { lastFraction = fraction; });
    std::atomic<long long> jobMs{0};
    constexpr int kIterations = 400;
    runner.runNow([&](const JobRunner::Context& context) {
      const auto start = std::chrono::steady_clock::now();
      Eigen::MatrixXd path = Eigen::MatrixXd::Zero(3, 8);
      for (int k = 0; k < kIterations; ++k) {
        path(0, 0) = k;
        context.control().snapshot(path, k, 0.0);
        context.control().progress(double(k) / kIterations, k, 0.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      context.control().progress(1.0, kIterations, 0.0);
      jobMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    });
    QVERIFY(finished.wait(20000));
    QVERIFY(waitIdle(runner));
    QTest::qWait(150);
    qInfo("%d iterations in %lld ms: %zu snapshots shown", kIterations, jobMs.load(), shown.size());
    QVERIFY(!shown.empty());
    for (std::size_t k = 1; k < shown.size(); ++k) QVERIFY(shown[k] > shown[k - 1]);
    // The GUI spends 100 ms per snapshot: with nothing queued it shows at most one per 100 ms
    // of the job (plus the one in flight), far fewer than the 1 per 30 ms the job may send.
    QVERIFY2(int(shown.size()) <= jobMs.load() / 100 + 2,
             qPrintable(QString::number(shown.size())));
    QVERIFY(!afterFinish);
    QCOMPARE(lastFraction, 1.0);
  }
};

QTEST_MAIN(TestJobRunner)
#include "test_job_runner.moc"
