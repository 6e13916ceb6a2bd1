#include "ui/explorer/orbit_capture.h"

#include <vtkCamera.h>
#include <vtkRenderer.h>

#include <QTimer>

#include "ui/common/vtk_open_gl_widget.h"
#include "ui/explorer/view_animation_recorder.h"

namespace geodex {

OrbitCapture::OrbitCapture(VtkOpenGlWidget* view, bool twoD, int frames, QObject* parent)
    : QObject(parent),
      view_(view),
      twoD_(twoD),
      frames_(frames),
      recorder_(std::make_shared<ViewAnimationRecorder>()) {}

OrbitCapture::~OrbitCapture() {
  stop();
}

void OrbitCapture::start() {
  saved_ = vtkSmartPointer<vtkCamera>::New();
  saved_->DeepCopy(view_->renderer()->GetActiveCamera());
  started_ = true;
  next_ = 0;
  QTimer::singleShot(0, this, &OrbitCapture::takeFrame);
}

void OrbitCapture::stop() {
  if (!running()) return;
  next_ = frames_;
  restoreCamera();
}

void OrbitCapture::takeFrame() {
  if (!running()) return;
  recorder_->add(view_->grabView());
  vtkCamera* camera = view_->renderer()->GetActiveCamera();
  twoD_ ? camera->Roll(360.0 / frames_) : camera->Azimuth(360.0 / frames_);
  view_->renderer()->ResetCameraClippingRange();
  emit progressed(++next_, frames_);
  if (next_ < frames_) {
    QTimer::singleShot(0, this, &OrbitCapture::takeFrame);
    return;
  }
  restoreCamera();
  emit finished(recorder_);
}

void OrbitCapture::restoreCamera() {
  if (!saved_) return;
  view_->renderer()->GetActiveCamera()->DeepCopy(saved_);
  view_->requestRender();
  saved_ = nullptr;
}

}  // namespace geodex
