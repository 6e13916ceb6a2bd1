#pragma once
// The explorer's solver, living on a worker thread: builds score model and metric from the
// settings (cached while they stay the same), computes the metric field for the view, solves
// the geodesic with live snapshots, then the comparison paths and the extrapolation. Every
// failure is caught and reported as `failed`: no exception crosses the event loop.
#include <QElapsedTimer>
#include <QObject>
#include <QJsonObject>
#include <atomic>
#include <optional>
#include <memory>

#include "ui/explorer/geodesic_job.h"

namespace geodex {

class Metric;
class ScoreModel;
class SyntheticManifold;

class GeodesicWorker : public QObject {
  Q_OBJECT
 public:
  // Live updates are sent at most this often (the view cannot show more).
  static constexpr int kSnapshotIntervalMs = 30;

  GeodesicWorker();
  ~GeodesicWorker() override;

  // Whether a job is being computed right now (readable from any thread).
  bool isRunning() const { return running_.load(); }

 public Q_SLOTS:
  void run(const geodex::GeodesicJobRequest& request);

 Q_SIGNALS:
  void fieldReady(int id, const geodex::MetricField& field);
  void progressed(int id, double fraction, int iteration, double energy);
  void snapshotReady(int id, const Eigen::MatrixXd& path, int iteration, double energy);
  void finished(const geodex::GeodesicJobResult& result);
  void failed(int id, const QString& message);
  void cancelled(int id);

 private:
  struct Model;
  // The manifold, score and metric for these settings (rebuilt only when they change).
  Model& modelFor(const ExplorerSettings& settings);
  MetricField computeField(const ExplorerSettings& settings, Model& model) const;
  // The field for these settings, computed only when the model or the glyph layout changed.
  const MetricField& fieldFor(const ExplorerSettings& settings, Model& model);
  void solve(const GeodesicJobRequest& request);

  std::unique_ptr<Model> model_;
  std::optional<MetricField> field_;
  QJsonObject fieldKey_;
  std::atomic<bool> running_{false};
};

}  // namespace geodex
