#include "ui/explorer/explorer_animations.h"

#include "ui/common/job_runner.h"
#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/orbit_capture.h"
#include "ui/explorer/view_animation_recorder.h"

namespace geodex {

ExplorerAnimations::ExplorerAnimations(VtkOpenGlWidget* view)
    : view_(view), encoder_(new JobRunner("geodex animation encoder", this)) {}

ExplorerAnimations::~ExplorerAnimations() {
  delete orbit_;
}

bool ExplorerAnimations::isIdle() const {
  return encoder_->isIdle() && !orbit_;
}

QString ExplorerAnimations::startOrbit(const QString& path, int frames, bool twoD) {
  if (const QString error = ViewAnimationRecorder::formatError(path); !error.isEmpty())
    return error;
  if (frames < 2 || frames > ViewAnimationRecorder::kMaxOrbitFrames)
    return QString("an orbit needs 2 to %1 frames, got %2")
        .arg(ViewAnimationRecorder::kMaxOrbitFrames)
        .arg(frames);
  if (!isIdle()) return "an animation is being made: wait for it to finish";
  orbit_ = new OrbitCapture(view_, twoD, frames, this);
  connect(orbit_, &OrbitCapture::progressed, this, [this, path](int frame, int count) {
    emit statusMessage(QString("Orbit for %1: frame %2 of %3").arg(path).arg(frame).arg(count));
  });
  connect(orbit_, &OrbitCapture::finished, this,
          [this, path](std::shared_ptr<ViewAnimationRecorder> recorder) {
            orbit_->deleteLater();
            orbit_ = nullptr;
            write(std::move(recorder), path, 24.0);
          });
  orbit_->start();
  return {};
}

bool ExplorerAnimations::cancelOrbit() {
  if (!orbit_) return false;
  orbit_->stop();
  orbit_->deleteLater();
  orbit_ = nullptr;
  return true;
}

QString ExplorerAnimations::startSolveRecording(const QString& path) {
  if (const QString error = ViewAnimationRecorder::formatError(path); !error.isEmpty())
    return error;
  if (recording_) return "a solve is being recorded already: wait for it to end";
  if (!isIdle()) return "an animation is being made: wait for it to finish";
  recording_ = std::make_unique<ViewAnimationRecorder>();
  recordingPath_ = path;
  recording_->add(view_->grabView());
  return {};
}

void ExplorerAnimations::addSolveFrame() {
  if (recording_) recording_->add(view_->grabView());
}

void ExplorerAnimations::finishSolveRecording(const QString& failure) {
  if (!recording_) return;
  std::unique_ptr<ViewAnimationRecorder> recording = std::move(recording_);
  if (failure.isEmpty()) return write(std::move(recording), recordingPath_, 10.0);
  emit failed("Animation not written", failure);
  emit written(recordingPath_, failure);
}

void ExplorerAnimations::write(std::shared_ptr<const ViewAnimationRecorder> shared,
                               const QString& path, double framesPerSecond) {
  emit statusMessage(QString("Writing %1 frames to %2…").arg(shared->frameCount()).arg(path));
  encoder_->runNow([this, shared, path, framesPerSecond](const JobRunner::Context& context) {
    const QString error = shared->write(path, framesPerSecond);
    context.deliver([this, shared, path, error] {
      if (error.isEmpty())
        emit statusMessage(QString("Wrote %1 frames to %2").arg(shared->frameCount()).arg(path));
      else
        emit failed("Animation not written", error);
      emit written(path, error);
    });
  });
}

}  // namespace geodex
