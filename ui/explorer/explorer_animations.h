#pragma once
// The explorer's animations for slides (.gif, .mp4, .avi, .mkv): an orbit turns the camera once
// in `frames` steps (2D views roll in their plane), one frame per event-loop turn; a solve
// recording takes one frame before the solve, one per drawn snapshot and one of the result, and
// writes nothing when the solve is cancelled or fails. Frames are taken on the GUI thread (only
// it renders); the encoding runs on a worker of its own, one animation at a time, complete or
// nothing, and ends with `written`. GUI thread only.
#include <QObject>
#include <QString>
#include <memory>

namespace geodex {

class JobRunner;
class OrbitCapture;
class ViewAnimationRecorder;
class VtkOpenGlWidget;

class ExplorerAnimations : public QObject {
  Q_OBJECT
 public:
  explicit ExplorerAnimations(VtkOpenGlWidget* view);
  // Stops an orbit (putting the camera back): destroy it while the view is still there.
  ~ExplorerAnimations() override;

  // No orbit being taken and no animation being written.
  bool isIdle() const;
  // An empty return: the frames are on their way; else why not.
  QString startOrbit(const QString& path, int frames, bool twoD);
  // Starts taking frames (the caller then starts the solve).
  QString startSolveRecording(const QString& path);
  bool recordingSolve() const { return recording_ != nullptr; }
  // A snapshot or the result was drawn: one more frame of a solve recording.
  void addSolveFrame();
  // The recorded solve ended: written when `failure` is empty, else dropped with that reason.
  void finishSolveRecording(const QString& failure);
  // Stops a running orbit; false when there was none.
  bool cancelOrbit();

 Q_SIGNALS:
  void statusMessage(const QString& text);
  void failed(const QString& title, const QString& message);
  // An animation ended: written to `path` when `error` is empty.
  void written(const QString& path, const QString& error);

 private:
  void write(std::shared_ptr<const ViewAnimationRecorder> frames, const QString& path,
             double framesPerSecond);

  VtkOpenGlWidget* view_;
  JobRunner* encoder_;
  OrbitCapture* orbit_ = nullptr;                     // while an orbit's frames are taken
  std::unique_ptr<ViewAnimationRecorder> recording_;  // while a solve is recorded
  QString recordingPath_;
};

}  // namespace geodex
